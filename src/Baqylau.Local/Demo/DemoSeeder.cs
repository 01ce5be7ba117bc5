using System.Security.Cryptography;
using Baqylau.Accounts;
using Baqylau.Data;
using Baqylau.Incidents;
using Baqylau.Localization;
using Baqylau.Statements;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Baqylau.Local.Demo;

/// <param name="Password">Password for demo accounts created now; null or blank: one strong password is generated.</param>
/// <param name="TotpSecret">Base32 authenticator key; when set, admin and editor are enrolled in TOTP with it.</param>
public sealed record DemoSeedOptions(string? Password, string? TotpSecret);

/// <param name="Seeded">True when this run added anything (roles, content or accounts).</param>
/// <param name="GeneratedPassword">The password generated for accounts created now; print it once, never log it.</param>
/// <param name="Accounts">Every demo account, created now or earlier: "user name (Role, organisation slug)".</param>
public sealed record DemoSeedResult(bool Seeded, string? GeneratedPassword, IReadOnlyList<string> Accounts)
{
    /// <summary>Recovery codes of the accounts enrolled in TOTP in this run, by user name. Secrets: show once, never log.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> RecoveryCodes { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
}

/// <summary>
/// Loads the demo: roles, two organisations, two campaigns, ~30 statements, ~60 incidents and four accounts.
/// Idempotent, in one transaction: content is added only when the foundation (fixed id or slug) is absent,
/// taxonomy terms are reused by slug, and an account is created only when its user name is free.
/// Existing accounts are left exactly as they are, even when a password or TOTP secret is given: a re-run
/// never resets a password someone may have changed, nor re-enrols a second factor. To reset, delete the
/// demo accounts (or the database) and seed again.
/// </summary>
public sealed class DemoSeeder(
    BaqylauDbContext db,
    UserManager<BaqylauUser> users,
    RoleManager<BaqylauRole> roles,
    TimeProvider clock,
    ILogger<DemoSeeder> logger,
    Incidents.InternalFieldCipher cipher)
{
    // Where Identity's UserStore keeps the authenticator key (UserStoreBase's internal login provider).
    private const string AuthenticatorLoginProvider = "[AspNetUserStore]";
    private const string AuthenticatorKeyName = "AuthenticatorKey";
    private const int RecoveryCodeCount = 10;

    private static readonly DemoAccount[] DemoAccounts =
    [
        new("admin", "admin@baqylau.local", Roles.Admin, DemoIds.ErkindikQanatySlug, "Әлия Демоқызы (демо әкімші)", Cultures.Kazakh),
        new("editor", "editor@baqylau.local", Roles.Editor, DemoIds.ErkindikQanatySlug, "Нұрлан Демоұлы (демо редактор)", Cultures.Kazakh),
        new("author", "author@baqylau.local", Roles.Author, DemoIds.ErkindikQanatySlug, "Сәуле Демоқызы (демо автор)", Cultures.Kazakh),
        new("author2", "author2@baqylau.local", Roles.Author, DemoIds.SecondOrganisationSlug, "Ольга Демова (демо-автор)", Cultures.Russian),
    ];

    public async Task<DemoSeedResult> SeedAsync(DemoSeedOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var totpSecret = NormaliseTotpSecret(options.TotpSecret);
        var password = string.IsNullOrWhiteSpace(options.Password) ? null : options.Password;

        // The app's DbContext retries transient failures; a user transaction must then run inside the strategy.
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(token => SeedOnceAsync(password, totpSecret, token), ct);
    }

    private async Task<DemoSeedResult> SeedOnceAsync(string? password, string? totpSecret, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var counts = new SeedCounts();

        foreach (var role in Roles.All)
        {
            if (await roles.RoleExistsAsync(role))
                continue;
            Check(await roles.CreateAsync(new BaqylauRole(role)), "role");
            counts.Roles++;
        }

        // Users are created after the content (they belong to its organisations), but the content records
        // who wrote it: plan the ids first. CreatedById has no foreign key, so the order is safe.
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var account in DemoAccounts)
            ids[account.Key] = (await users.FindByNameAsync(account.UserName))?.Id ?? DemoIds.Derive("user/" + account.Key);
        var staff = new DemoStaff(ids["author"], ids["editor"], ids["author2"]);

        await AddContentAsync(staff, counts, ct);

        string? generated = null;
        var lines = new List<string>();
        var recoveryCodes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var account in DemoAccounts)
        {
            lines.Add($"{account.UserName} ({account.Role}, {account.OrganisationSlug})");
            if (await users.FindByNameAsync(account.UserName) is not null)
                continue;

            password ??= generated = GeneratePassword();
            var organisationId = await db.Organisations
                .Where(o => o.Slug == account.OrganisationSlug)
                .Select(o => (Guid?)o.Id)
                .FirstOrDefaultAsync(ct)
                ?? throw new InvalidOperationException($"Demo organisation '{account.OrganisationSlug}' is missing.");
            var user = new BaqylauUser
            {
                Id = ids[account.Key],
                UserName = account.UserName,
                Email = account.UserName,
                EmailConfirmed = true,
                DisplayName = account.DisplayName,
                PreferredCulture = account.Culture,
                OrganisationId = organisationId,
                CreatedAt = clock.GetUtcNow(),
            };
            Check(await users.CreateAsync(user, password), "account");
            Check(await users.AddToRoleAsync(user, account.Role), "account role");
            counts.Accounts++;

            if (totpSecret is not null && Roles.RequiringTwoFactor.Contains(account.Role, StringComparer.Ordinal))
            {
                // ResetAuthenticatorKeyAsync would pick a random key; the demo wants the configured one.
                Check(await users.SetAuthenticationTokenAsync(user, AuthenticatorLoginProvider, AuthenticatorKeyName, totpSecret), "authenticator key");
                Check(await users.SetTwoFactorEnabledAsync(user, true), "two-factor");
                var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
                recoveryCodes[account.UserName] = [.. codes ?? []];
                counts.TwoFactor++;
            }
        }

        await transaction.CommitAsync(ct);

        logger.LogInformation(
            "Demo seed: added {Roles} roles, {Terms} taxonomy terms, {Organisations} organisations, {Campaigns} campaigns, " +
            "{Statements} statements, {Incidents} incidents, {Accounts} accounts ({TwoFactor} with TOTP)",
            counts.Roles, counts.Terms, counts.Organisations, counts.Campaigns, counts.Statements, counts.Incidents, counts.Accounts, counts.TwoFactor);

        return new DemoSeedResult(counts.Any, generated, lines) { RecoveryCodes = recoveryCodes };
    }

    private async Task AddContentAsync(DemoStaff staff, SeedCounts counts, CancellationToken ct)
    {
        if (await db.Organisations.AnyAsync(o => o.Id == DemoIds.ErkindikQanaty || o.Slug == DemoIds.ErkindikQanatySlug, ct))
            return;

        // Without the foundation, none of the rest may be there either: a half-present demo is not something to guess around.
        var clash = await db.Organisations.AnyAsync(o => o.Id == DemoIds.SecondOrganisation || o.Slug == DemoIds.SecondOrganisationSlug, ct)
            || await db.Campaigns.AnyAsync(c => c.Id == DemoIds.Kurultai2026 || c.Id == DemoIds.SecondCampaign
                || c.Slug == DemoIds.Kurultai2026Slug || c.Slug == DemoIds.SecondCampaignSlug, ct)
            || await db.Statements.AnyAsync(s => s.Id == DemoIds.Statement20260708, ct);
        if (clash)
        {
            throw new InvalidOperationException(
                "Part of the demo content exists without the demo foundation. Seed into an empty database or remove the demo rows first.");
        }

        var before = db.ChangeTracker.Entries().Count(e => e.State == EntityState.Added);
        var taxonomy = new DemoTaxonomy(
            await TermsAsync(db.Rubrics, DemoContent.Rubrics, r => r.Slug,
                (t, i) => new Rubric { Id = DemoIds.Derive("rubric/" + t.Slug), Slug = t.Slug, Name = t.Name.ToText(), SortOrder = i }, ct),
            await TermsAsync(db.Tags, DemoContent.Tags, r => r.Slug,
                (t, _) => new Tag { Id = DemoIds.Derive("tag/" + t.Slug), Slug = t.Slug, Name = t.Name.ToText() }, ct),
            await TermsAsync(db.IncidentCategories, DemoContent.Categories, r => r.Slug,
                (t, i) => new IncidentCategory { Id = DemoIds.Derive("category/" + t.Slug), Slug = t.Slug, Name = t.Name.ToText(), SortOrder = i }, ct),
            await TermsAsync(db.IncidentActors, DemoContent.Actors, r => r.Slug,
                (t, i) => new IncidentActor { Id = DemoIds.Derive("actor/" + t.Slug), Slug = t.Slug, Name = t.Name.ToText(), SortOrder = i }, ct));
        counts.Terms = db.ChangeTracker.Entries().Count(e => e.State == EntityState.Added) - before;

        var takenKk = await db.StatementTranslations.Where(t => t.Culture == Cultures.Kazakh).Select(t => t.Slug).ToListAsync(ct);
        var takenRu = await db.StatementTranslations.Where(t => t.Culture == Cultures.Russian).Select(t => t.Slug).ToListAsync(ct);
        var graph = DemoGraph.Build(taxonomy, staff, takenKk, takenRu);

        db.Organisations.AddRange(graph.Organisations);
        db.Campaigns.AddRange(graph.Campaigns);
        db.Statements.AddRange(graph.Statements);
        db.Stances.AddRange(graph.Stances);
        // Internal parts are stored encrypted, as the workspace stores them: a dump of a demo database reveals nothing either.
        foreach (var incident in graph.Incidents.Where(i => i.Internal is not null))
        {
            var part = incident.Internal!;
            part.ObserverIdentities = cipher.Encrypt(part.ObserverIdentities, incident.Id, nameof(part.ObserverIdentities));
            part.WitnessIdentities = cipher.Encrypt(part.WitnessIdentities, incident.Id, nameof(part.WitnessIdentities));
            part.Notes = cipher.Encrypt(part.Notes, incident.Id, nameof(part.Notes));
        }

        db.Incidents.AddRange(graph.Incidents);
        await db.SaveChangesAsync(ct);

        counts.Organisations = graph.Organisations.Count;
        counts.Campaigns = graph.Campaigns.Count;
        counts.Statements = graph.Statements.Count;
        counts.Incidents = graph.Incidents.Count;
    }

    /// <summary>Taxonomy terms by slug: an admin's existing term wins; missing ones are added.</summary>
    private static async Task<IReadOnlyDictionary<string, T>> TermsAsync<T>(
        DbSet<T> set, DemoTerm[] terms, Func<T, string> slugOf, Func<DemoTerm, int, T> create, CancellationToken ct)
        where T : class
    {
        var slugs = terms.Select(t => t.Slug).ToList();
        var existing = await set.Where(e => slugs.Contains(EF.Property<string>(e, "Slug"))).ToListAsync(ct);
        var bySlug = existing.ToDictionary(slugOf, StringComparer.Ordinal);
        for (var i = 0; i < terms.Length; i++)
        {
            if (bySlug.ContainsKey(terms[i].Slug))
                continue;
            var term = create(terms[i], i);
            set.Add(term);
            bySlug[terms[i].Slug] = term;
        }

        return bySlug;
    }

    /// <summary>Base32 without spaces, dashes or padding, upper-case; null when not set. The message never echoes the secret.</summary>
    internal static string? NormaliseTotpSecret(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
            return null;
        var key = new string([.. secret.Where(c => !char.IsWhiteSpace(c) && c != '-')]).TrimEnd('=').ToUpperInvariant();
        if (key.Length < 16 || key.Any(c => c is not ((>= 'A' and <= 'Z') or (>= '2' and <= '7'))))
            throw new ArgumentException("The demo TOTP secret must be base32 (A–Z, 2–7) and at least 16 characters long.", nameof(secret));
        return key;
    }

    /// <summary>24 characters from all four classes Identity's default policy asks for, from a CSPRNG.</summary>
    internal static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string lower = "abcdefghijkmnpqrstuvwxyz";
        const string digits = "23456789";
        const string symbols = "!#%+-=?@_";
        var chars = new List<char>
        {
            RandomNumberGenerator.GetString(upper, 1)[0],
            RandomNumberGenerator.GetString(lower, 1)[0],
            RandomNumberGenerator.GetString(digits, 1)[0],
            RandomNumberGenerator.GetString(symbols, 1)[0],
        };
        chars.AddRange(RandomNumberGenerator.GetString(upper + lower + digits + symbols, 20));
        var buffer = chars.ToArray();
        RandomNumberGenerator.Shuffle(buffer.AsSpan());
        return new string(buffer);
    }

    // Error codes only: an Identity description could echo input, and this text may reach a log.
    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Demo seed: could not create {what}: {string.Join(", ", result.Errors.Select(e => e.Code))}.");
    }

    private sealed record DemoAccount(string Key, string UserName, string Role, string OrganisationSlug, string DisplayName, string Culture);

    private sealed class SeedCounts
    {
        public int Roles { get; set; }

        public int Terms { get; set; }

        public int Organisations { get; set; }

        public int Campaigns { get; set; }

        public int Statements { get; set; }

        public int Incidents { get; set; }

        public int Accounts { get; set; }

        public int TwoFactor { get; set; }

        public bool Any => Roles + Terms + Organisations + Campaigns + Statements + Incidents + Accounts > 0;
    }
}
