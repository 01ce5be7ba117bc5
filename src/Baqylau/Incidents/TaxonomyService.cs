using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Localization;
using Baqylau.Publishing;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Incidents;

public enum TaxonomyKind
{
    Category = 0,
    Actor = 1,
}

/// <summary>A term as the admin page shows it, with how many incidents use it.</summary>
public sealed record TaxonomyTermRow(Guid Id, string Slug, string Kk, string Ru, int SortOrder, bool IsArchived, int Uses);

/// <summary>Resource keys (FieldStrings) of taxonomy errors and fields.</summary>
public static class TaxonomyErrors
{
    public const string NameRequired = "Taxonomy_Error_NameRequired";
    public const string NameTooLong = "Taxonomy_Error_NameTooLong";
    public const string NameTaken = "Taxonomy_Error_NameTaken";
    public const string InUse = "Taxonomy_Error_InUse";
    public const string NoSlug = "Taxonomy_Error_NoSlug";
    public const string InvalidCharacters = "Taxonomy_Error_InvalidCharacters";
    public const int NameMax = 200;
}

/// <summary>
/// Admins keep the incident categories and actors: add, rename in both languages, reorder, retire (a retired term
/// stays on the incidents that use it and leaves the pickers), and delete only what nothing uses. The slug is set
/// once from the Russian name and never changes: public filter links (?category=…) must keep working.
/// Every change goes through the audit interceptor and evicts the public incident pages.
/// </summary>
public sealed class TaxonomyService(IDbContextFactory<BaqylauDbContext> contexts, IPublicContentEvents publicContent, ILogger<TaxonomyService> logger)
{

    public async Task<IReadOnlyList<TaxonomyTermRow>> ListAsync(StaffUser user, TaxonomyKind kind, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var uses = kind == TaxonomyKind.Category
            ? await db.Incidents.GroupBy(i => (Guid?)i.CategoryId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key ?? Guid.Empty, g => g.Count, ct)
            : await db.Incidents.Where(i => i.ActorId != null).GroupBy(i => i.ActorId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key ?? Guid.Empty, g => g.Count, ct);
        IReadOnlyList<ITaxonomyTerm> terms = kind == TaxonomyKind.Category ? await TermsAsync<IncidentCategory>(db, ct) : await TermsAsync<IncidentActor>(db, ct);
        return [.. terms.Select(t => new TaxonomyTermRow(t.Id, t.Slug, t.Name.Kk, t.Name.Ru, t.SortOrder, t.IsArchived, uses.GetValueOrDefault(t.Id)))];
    }

    public async Task<Guid> AddAsync(StaffUser user, TaxonomyKind kind, string? kk, string? ru, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var name = ValidName(kk, ru);
        ITaxonomyTerm term = kind == TaxonomyKind.Category
            ? await NewAsync<IncidentCategory>(db, name, () => new IncidentCategory { Slug = string.Empty }, ct)
            : await NewAsync<IncidentActor>(db, name, () => new IncidentActor { Slug = string.Empty }, ct);
        await SaveAsync(db, ct);
        logger.LogInformation("Taxonomy {Kind} term {TermId} added", kind, term.Id);
        return term.Id;
    }

    public Task RenameAsync(StaffUser user, TaxonomyKind kind, Guid id, string? kk, string? ru, CancellationToken ct = default) =>
        ChangeAsync(user, kind, id, async (db, term) =>
        {
            var name = ValidName(kk, ru);
            await EnsureUniqueAsync(db, kind, name, id, ct);
            term.Name = name;
        }, ct);

    /// <summary>Moves a term one place up (-1) or down (+1) among all terms of its kind.</summary>
    public async Task MoveAsync(StaffUser user, TaxonomyKind kind, Guid id, int direction, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var terms = kind == TaxonomyKind.Category
            ? (await db.IncidentCategories.ToListAsync(ct)).Cast<ITaxonomyTerm>().ToList()
            : (await db.IncidentActors.ToListAsync(ct)).Cast<ITaxonomyTerm>().ToList();
        terms = [.. terms.OrderBy(t => t.SortOrder).ThenBy(t => t.Slug, StringComparer.Ordinal)];
        var index = terms.FindIndex(t => t.Id == id);
        if (index < 0)
            throw new NotFoundException();
        var target = index + Math.Sign(direction);
        if (target >= 0 && target < terms.Count)
            (terms[index], terms[target]) = (terms[target], terms[index]);
        // Renumbered in steps of ten, so gaps and duplicates from older data straighten out.
        for (var i = 0; i < terms.Count; i++)
            terms[i].SortOrder = (i + 1) * 10;
        await SaveAsync(db, ct);
    }

    public Task SetRetiredAsync(StaffUser user, TaxonomyKind kind, Guid id, bool retired, CancellationToken ct = default) =>
        ChangeAsync(user, kind, id, (_, term) =>
        {
            term.IsArchived = retired;
            return Task.CompletedTask;
        }, ct);

    /// <summary>Deletes a term no incident uses; one in use must be retired instead, so the log keeps its meaning.</summary>
    public async Task DeleteAsync(StaffUser user, TaxonomyKind kind, Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var inUse = kind == TaxonomyKind.Category
            ? await db.Incidents.AnyAsync(i => i.CategoryId == id, ct)
            : await db.Incidents.AnyAsync(i => i.ActorId == id, ct);
        if (inUse)
            throw new RuleException(TaxonomyErrors.InUse);
        var term = await FindAsync(db, kind, id, ct);
        db.Remove(term);
        await SaveAsync(db, ct);
        logger.LogInformation("Taxonomy {Kind} term {TermId} deleted", kind, id);
    }

    // ---------------------------------------------------------------- internals

    private async Task ChangeAsync(StaffUser user, TaxonomyKind kind, Guid id, Func<BaqylauDbContext, ITaxonomyTerm, Task> change, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        StaffRules.RequireAdmin(user, logger);
        var term = await FindAsync(db, kind, id, ct);
        await change(db, term);
        await SaveAsync(db, ct);
    }

    private static async Task<ITaxonomyTerm> FindAsync(BaqylauDbContext db, TaxonomyKind kind, Guid id, CancellationToken ct) =>
        (kind == TaxonomyKind.Category
            ? await db.IncidentCategories.FirstOrDefaultAsync(c => c.Id == id, ct)
            : (ITaxonomyTerm?)await db.IncidentActors.FirstOrDefaultAsync(a => a.Id == id, ct))
        ?? throw new NotFoundException();

    private async Task SaveAsync(BaqylauDbContext db, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await publicContent.IncidentTaxonomyChangedAsync(ct);
    }

    private static async Task<IReadOnlyList<ITaxonomyTerm>> TermsAsync<T>(BaqylauDbContext db, CancellationToken ct)
        where T : class, ITaxonomyTerm =>
        [.. (await db.Set<T>().AsNoTracking().ToListAsync(ct)).OrderBy(t => t.SortOrder).ThenBy(t => t.Slug, StringComparer.Ordinal)];

    private static async Task<T> NewAsync<T>(BaqylauDbContext db, LocalizedText name, Func<T> create, CancellationToken ct)
        where T : class, ITaxonomyTerm
    {
        var existing = await db.Set<T>().AsNoTracking().ToListAsync(ct);
        if (existing.Any(t => SameName(t.Name, name)))
            throw new ValidationException([new ValidationError(TaxonomyErrors.NameTaken, "Taxonomy_Name")]);
        var baseSlug = Slugs.Slugify(name.Ru, 90) is { Length: > 0 } ru ? ru : Slugs.Slugify(name.Kk, 90);
        if (baseSlug.Length == 0)
            throw new ValidationException([new ValidationError(TaxonomyErrors.NoSlug, "Taxonomy_Name")]);
        var slug = await UniqueSlugs.FirstFreeAsync(db.Set<T>().Select(t => t.Slug), baseSlug, 100, ct);
        var term = create();
        term.Slug = slug;
        term.Name = name;
        // New terms go last; the admin moves them where they belong.
        term.SortOrder = existing.Count == 0 ? 10 : existing.Max(t => t.SortOrder) + 10;
        db.Add(term);
        return term;
    }

    private static async Task EnsureUniqueAsync(BaqylauDbContext db, TaxonomyKind kind, LocalizedText name, Guid id, CancellationToken ct)
    {
        var others = kind == TaxonomyKind.Category
            ? (await db.IncidentCategories.AsNoTracking().Where(c => c.Id != id).ToListAsync(ct)).Cast<ITaxonomyTerm>()
            : (await db.IncidentActors.AsNoTracking().Where(a => a.Id != id).ToListAsync(ct)).Cast<ITaxonomyTerm>();
        if (others.Any(t => SameName(t.Name, name)))
            throw new ValidationException([new ValidationError(TaxonomyErrors.NameTaken, "Taxonomy_Name")]);
    }

    /// <summary>Both languages are required: a term shows on public pages in each.</summary>
    private static LocalizedText ValidName(string? kk, string? ru)
    {
        var errors = new List<ValidationError>();
        foreach (var (lang, value) in new[] { (Cultures.Kazakh, kk), (Cultures.Russian, ru) })
        {
            if (string.IsNullOrWhiteSpace(value))
                errors.Add(new ValidationError(TaxonomyErrors.NameRequired, "Taxonomy_Name", lang));
            else if (value.Trim().Length > TaxonomyErrors.NameMax)
                errors.Add(new ValidationError(TaxonomyErrors.NameTooLong, "Taxonomy_Name", lang, TaxonomyErrors.NameMax));
            else if (!TextRules.IsClean(value))
                errors.Add(new ValidationError(TaxonomyErrors.InvalidCharacters, "Taxonomy_Name", lang));
        }

        if (errors.Count > 0)
            throw new ValidationException(errors);
        return new LocalizedText(kk!, ru!);
    }

    private static bool SameName(LocalizedText a, LocalizedText b) =>
        string.Equals(a.Kk, b.Kk, StringComparison.OrdinalIgnoreCase) || string.Equals(a.Ru, b.Ru, StringComparison.OrdinalIgnoreCase);
}
