using System.Security.Claims;
using Baqylau.Accounts;
using Baqylau.Campaigns;
using Baqylau.Common;
using Baqylau.Incidents;
using Baqylau.Local.Demo;
using Baqylau.Organisations;
using Baqylau.Statements;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Baqylau.Tests.Security;

/// <summary>
/// The interactive workspace editors cannot be posted over HTTP, so the bad-value corpus goes through the service
/// methods and validation they call (statements, incidents, campaigns, organisations and stances, taxonomies,
/// accounts, and the lists' filters). Each bad value is either refused with an error that names its field, whose
/// message exists as real text in Kazakh and Russian, leaving the database as it was, or it is a value the field
/// may hold (SQL or HTML metacharacters are text like any other); never an unhandled exception.
/// </summary>
public class ServiceBadInputTests(BaqylauWebFactory factory) : IClassFixture<BaqylauWebFactory>
{
    /// <summary>The API corpus, plus a lone surrogate: what invalid UTF-8 becomes inside .NET.</summary>
    private static readonly string[] Corpus = [.. BadInputTests.Corpus, "broken \uD800 text"];

    private readonly List<string> _problems = [];
    private readonly Dictionary<string, Dictionary<string, string>> _resources = [];
    private int _sent;

    private static bool Clean(string v) => TextRules.IsClean(v);

    /// <summary>Text a field may hold: clean, not too long, and not blank when required.</summary>
    private static Func<string, bool> Text(int max, bool required = false) =>
        v => Clean(v) && v.Length <= max && (!required || !string.IsNullOrWhiteSpace(v));

    [Fact]
    public async Task Every_workspace_editor_field_survives_the_bad_value_corpus()
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var users = sp.GetRequiredService<UserManager<BaqylauUser>>();
        var admin = await users.StaffAsync("admin@baqylau.local", Roles.Admin);
        var author = await users.StaffAsync("author@baqylau.local", Roles.Author);
        var editor = await users.StaffAsync("editor@baqylau.local", Roles.Editor);
        // The audit trail takes the acting user from the circuit's authentication state, as in the workspace.
        ((IHostEnvironmentAuthenticationStateProvider)sp.GetRequiredService<AuthenticationStateProvider>()).SetAuthenticationState(Task.FromResult(
            new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, admin.UserId.ToString()), new Claim(ClaimTypes.Name, "admin@baqylau.local")], "test")))));

        var statements = sp.GetRequiredService<StatementService>();
        var incidents = sp.GetRequiredService<IncidentService>();
        var campaigns = sp.GetRequiredService<CampaignAdminService>();
        var organisations = sp.GetRequiredService<OrganisationAdminService>();
        var taxonomies = sp.GetRequiredService<TaxonomyService>();
        var accounts = sp.GetRequiredService<AccountAdminService>();
        var category = (await taxonomies.ListAsync(admin, TaxonomyKind.Category))[0].Id;
        var campaign = (await campaigns.ListAsync(admin, new CampaignAdminQuery()))!.Items[0].Id;
        var incident = (await incidents.ListAsync(editor, new IncidentListQuery())).Items[0].Id;

        // ---------------------------------------------------------------- statements
        StatementContent Statement(Func<TranslationContent, TranslationContent>? kk = null) => new()
        {
            Translations =
            [
                (kk ?? (t => t))(new TranslationContent("kk", "Сынақ мәлімдемесі", "Лид", "Мәтін", null, null)),
                new TranslationContent("ru", "Тестовое заявление", "Лид", "Текст", null, null),
            ],
        };
        foreach (var bad in Corpus)
        {
            await ExpectAsync("statement title", bad, StatementFields.Title, Text(StatementFields.TitleMax, required: true),
                () => statements.CreateAsync(author, Statement(t => t with { Title = bad })));
            await ExpectAsync("statement lead", bad, StatementFields.Lead, Text(StatementFields.LeadMax),
                () => statements.CreateAsync(author, Statement(t => t with { Lead = bad })));
            await ExpectAsync("statement body", bad, StatementFields.Body, Text(StatementFields.BodyMax),
                () => statements.CreateAsync(author, Statement(t => t with { Body = bad })));
            await ExpectAsync("statement caption", bad, StatementFields.PhotoCaption, Text(StatementFields.CaptionMax),
                () => statements.CreateAsync(author, Statement(t => t with { PhotoCaption = bad })));
            await ExpectAsync("statement photo", bad, StatementFields.Photo, v => string.IsNullOrWhiteSpace(v),
                () => statements.CreateAsync(author, Statement() with { PhotoPath = bad }));
            await ExpectAsync("statement language", bad, StatementFields.Title, _ => false,
                () => statements.CreateAsync(author, Statement(t => t with { Culture = bad })));
            await ExpectAsync("statement send-back comment", bad, StatementFields.Note, null, async () =>
            {
                var draft = await statements.CreateAsync(editor, Statement());
                var submitted = await sp.GetRequiredService<StatementWorkflowService>().SubmitAsync(editor, draft.Id, draft.Version);
                await sp.GetRequiredService<StatementWorkflowService>().SendBackAsync(editor, draft.Id, submitted.Version, bad);
            }, changesAnyway: true);
            await ListAsync("statement list search", () => statements.ListAsync(author, new StatementListQuery { Search = bad }));
        }

        foreach (var id in new[] { Guid.Empty, Guid.NewGuid() })
        {
            await ExpectAsync("statement campaign", id.ToString(), StatementFields.Campaign, _ => false, () => statements.CreateAsync(author, Statement() with { CampaignId = id }));
            await ExpectAsync("statement rubric", id.ToString(), StatementFields.Rubric, _ => false, () => statements.CreateAsync(author, Statement() with { RubricId = id }));
            await ExpectAsync("statement tags", id.ToString(), StatementFields.Tags, _ => false, () => statements.CreateAsync(author, Statement() with { TagIds = [id] }));
            await ExpectAsync("statement related", id.ToString(), StatementFields.Related, _ => false, () => statements.CreateAsync(author, Statement() with { RelatedIds = [id] }));
        }

        foreach (var (page, size) in new[] { (-1, 20), (int.MaxValue, 20), (1, int.MaxValue), (int.MaxValue, int.MaxValue), (1, -5) })
        {
            await ListAsync("statement list paging", () => statements.ListAsync(author, new StatementListQuery { Page = page, PageSize = size }));
            await ListAsync("incident list paging", () => incidents.ListAsync(author, new IncidentListQuery { Page = page, PageSize = size }));
            await ListAsync("campaign list paging", () => campaigns.ListAsync(admin, new CampaignAdminQuery { Page = page, PageSize = size }));
            await ListAsync("organisation list paging", () => organisations.ListAsync(admin, new OrganisationAdminQuery { Page = page, PageSize = size }));
            await ListAsync("account list paging", () => accounts.ListAsync(admin, new AccountAdminQuery { Page = page, PageSize = size }));
        }

        // ---------------------------------------------------------------- incidents
        IncidentContent Incident() => new()
        {
            Translations = [new IncidentTextContent("kk", "Сынақ оқиғасы", "Сипаттама"), new IncidentTextContent("ru", "Тестовый инцидент", "Описание")],
            Occurred = FuzzyDate.ForYear(2024),
            CategoryId = category,
        };
        SourceContent Source(string url, string? title = null, string? archive = null) => new(SourceKind.Link, url, title, null, archive);
        foreach (var bad in Corpus)
        {
            await ExpectAsync("incident title", bad, IncidentFields.Title, Text(IncidentFields.TitleMax, required: true),
                () => incidents.CreateAsync(author, Incident() with { Translations = [new IncidentTextContent("kk", bad, "Сипаттама")] }));
            await ExpectAsync("incident description", bad, IncidentFields.Description, Text(IncidentFields.DescriptionMax),
                () => incidents.CreateAsync(author, Incident() with { Translations = [new IncidentTextContent("ru", "Инцидент", bad)] }));
            await ExpectAsync("incident settlement", bad, IncidentFields.Settlement, Text(IncidentFields.SettlementMax),
                () => incidents.CreateAsync(author, Incident() with { Settlement = bad }));
            await ExpectAsync("incident polling station", bad, IncidentFields.PollingStation, Text(IncidentFields.PollingStationMax),
                () => incidents.CreateAsync(author, Incident() with { PollingStation = bad }));
            await ExpectAsync("incident source url", bad, IncidentFields.SourceUrl, _ => false,
                () => incidents.CreateAsync(author, Incident() with { Sources = [Source(bad)] }));
            await ExpectAsync("incident source title", bad, IncidentFields.SourceTitle, Text(IncidentFields.SourceTitleMax),
                () => incidents.CreateAsync(author, Incident() with { Sources = [Source("https://example.org/report", bad)] }));
            await ExpectAsync("incident archive url", bad, IncidentFields.ArchiveUrl, string.IsNullOrWhiteSpace,
                () => incidents.CreateAsync(author, Incident() with { Sources = [Source("https://example.org/report", null, bad)] }));
            await ExpectAsync("incident language", bad, IncidentFields.Title, _ => false,
                () => incidents.CreateAsync(author, Incident() with { Translations = [new IncidentTextContent(bad, "Инцидент", "")] }));
            await ExpectAsync("incident internal notes", bad, "Field_InternalNotes", Text(IncidentFields.InternalMax),
                () => incidents.SaveInternalAsync(editor, incident, new IncidentInternalContent(null, null, bad)));
            await ExpectAsync("incident verification comment", bad, StatementFields.Note, null, async () =>
            {
                var current = await incidents.GetAsync(editor, incident);
                await incidents.VerifyAsync(editor, incident, current.Version, IncidentRules.NextSteps(current.Verification)[0], bad);
            }, changesAnyway: true);
            await ListAsync("incident list search", () => incidents.ListAsync(author, new IncidentListQuery { Search = bad }));
        }

        var dates = new (string What, FuzzyDate Date)[]
        {
            ("year -1", new FuzzyDate { Precision = DatePrecision.Year, Year = -1 }),
            ("year 99999", new FuzzyDate { Precision = DatePrecision.Year, Year = 99999 }),
            ("30 February", new FuzzyDate { Precision = DatePrecision.Day, Year = 2026, Month = 2, Day = 30 }),
            ("month 13", new FuzzyDate { Precision = DatePrecision.Month, Year = 2026, Month = 13 }),
            ("day 0", new FuzzyDate { Precision = DatePrecision.Day, Year = 2026, Month = 1, Day = 0 }),
            ("time without a time", new FuzzyDate { Precision = DatePrecision.Time, Year = 2026, Month = 8, Day = 23 }),
            ("range backwards", new FuzzyDate { Precision = DatePrecision.YearRange, Year = 2022, EndYear = 2019 }),
            ("unknown precision", new FuzzyDate { Precision = (DatePrecision)99, Year = 2026 }),
            ("unknown with parts", new FuzzyDate { Precision = DatePrecision.Unknown, Year = 2026 }),
        };
        foreach (var (what, date) in dates)
            await ExpectAsync("incident date", what, IncidentFields.Occurred, _ => false, () => incidents.CreateAsync(author, Incident() with { Occurred = date }));
        foreach (var region in new[] { -1, 0, int.MaxValue, int.MinValue })
            await ExpectAsync("incident region", region.ToString(System.Globalization.CultureInfo.InvariantCulture), IncidentFields.Region, _ => false, () => incidents.CreateAsync(author, Incident() with { RegionId = region }));
        foreach (var id in new[] { Guid.Empty, Guid.NewGuid() })
        {
            await ExpectAsync("incident category", id.ToString(), IncidentFields.Category, _ => false, () => incidents.CreateAsync(author, Incident() with { CategoryId = id }));
            await ExpectAsync("incident actor", id.ToString(), IncidentFields.Actor, _ => false, () => incidents.CreateAsync(author, Incident() with { ActorId = id }));
            await ExpectAsync("incident campaign", id.ToString(), IncidentFields.Campaign, _ => false, () => incidents.CreateAsync(author, Incident() with { CampaignId = id }));
            await ExpectAsync("incident statements", id.ToString(), IncidentFields.Statements, _ => false, () => incidents.CreateAsync(author, Incident() with { StatementIds = [id] }));
        }

        await ExpectAsync("incident source kind", "99", IncidentFields.Sources, _ => false,
            () => incidents.CreateAsync(author, Incident() with { Sources = [new SourceContent((SourceKind)99, "https://example.org", null, null, null)] }));

        // ---------------------------------------------------------------- campaigns
        CampaignForm Campaign(Action<CampaignForm> change)
        {
            var form = new CampaignForm
            {
                Slug = $"corpus-{Guid.NewGuid():N}"[..30],
                Kind = CampaignKind.Akim,
                TitleKk = "Сынақ науқаны",
                TitleRu = "Тестовая кампания",
                VotingDay = new DateOnly(2027, 3, 14),
                KeyDates = [new KeyDateForm { Kind = CampaignDateKind.Announcement, Start = new DateOnly(2027, 1, 10) }],
                LegalReferences = [new LegalReferenceForm { TitleKk = "Заң", TitleRu = "Закон", Url = "https://adilet.zan.kz/" }],
            };
            change(form);
            return form;
        }

        foreach (var bad in Corpus)
        {
            await AdminAsync("campaign slug", bad, CampaignFields.Slug, v => v.Trim().Length == 0 || AdminRules.IsSlug(v.Trim().ToLowerInvariant()),
                () => campaigns.SaveAsync(admin, Campaign(f => f.Slug = bad)));
            await AdminAsync("campaign title", bad, CampaignFields.TitleRu, Text(CampaignAdminService.TitleMax, required: true),
                () => campaigns.SaveAsync(admin, Campaign(f => f.TitleRu = bad)));
            await AdminAsync("campaign description", bad, "DescriptionKk", Text(CampaignAdminService.DescriptionMax),
                () => campaigns.SaveAsync(admin, Campaign(f => f.DescriptionKk = bad)));
            await AdminAsync("campaign key-date note", bad, CampaignFields.KeyDates, Text(CampaignAdminService.NoteMax),
                () => campaigns.SaveAsync(admin, Campaign(f => f.KeyDates[0].NoteRu = bad)));
            await AdminAsync("campaign legal title", bad, CampaignFields.LegalReferences, Text(CampaignAdminService.TitleMax, required: true),
                () => campaigns.SaveAsync(admin, Campaign(f => f.LegalReferences[0].TitleKk = bad)));
            await AdminAsync("campaign legal url", bad, CampaignFields.LegalReferences, string.IsNullOrWhiteSpace,
                () => campaigns.SaveAsync(admin, Campaign(f => f.LegalReferences[0].Url = bad)));
            await ListAsync("campaign list search", () => campaigns.ListAsync(admin, new CampaignAdminQuery { Search = bad }));
        }

        await AdminAsync("campaign kind", "999", "Kind", _ => false, () => campaigns.SaveAsync(admin, Campaign(f => f.Kind = (CampaignKind)999)));
        await AdminAsync("campaign key-date kind", "999", CampaignFields.KeyDates, _ => false,
            () => campaigns.SaveAsync(admin, Campaign(f => f.KeyDates[0].Kind = (CampaignDateKind)999)));
        await AdminAsync("campaign key-date order", "end before start", CampaignFields.KeyDates, _ => false,
            () => campaigns.SaveAsync(admin, Campaign(f => f.KeyDates[0].End = new DateOnly(2026, 1, 1))));
        await AdminAsync("campaign voting day", "none", CampaignFields.VotingDay, _ => false, () => campaigns.SaveAsync(admin, Campaign(f => f.VotingDay = null)));

        // ---------------------------------------------------------------- organisations and stances
        OrganisationForm Organisation(Action<OrganisationForm> change)
        {
            var form = new OrganisationForm { Slug = $"corpus-{Guid.NewGuid():N}"[..30], NameKk = "Сынақ ұйымы", NameRu = "Тестовая организация" };
            change(form);
            return form;
        }

        foreach (var bad in Corpus)
        {
            await AdminAsync("organisation name", bad, "NameKk", Text(OrganisationAdminService.NameMax, required: true),
                () => organisations.SaveAsync(admin, Organisation(f => f.NameKk = bad)));
            await AdminAsync("organisation short name", bad, "ShortNameRu", Text(OrganisationAdminService.ShortNameMax),
                () => organisations.SaveAsync(admin, Organisation(f => f.ShortNameRu = bad)));
            await AdminAsync("organisation description", bad, "DescriptionRu", Text(OrganisationAdminService.DescriptionMax),
                () => organisations.SaveAsync(admin, Organisation(f => f.DescriptionRu = bad)));
            await AdminAsync("organisation website", bad, "WebsiteUrl", string.IsNullOrWhiteSpace,
                () => organisations.SaveAsync(admin, Organisation(f => f.WebsiteUrl = bad)));
            await AdminAsync("organisation links", bad, "Links", string.IsNullOrWhiteSpace,
                () => organisations.SaveAsync(admin, Organisation(f => f.Links = bad)));
            await AdminAsync("organisation logo", bad, OrganisationLogoStore.Field, _ => false,
                () => organisations.SaveAsync(admin, Organisation(f => f.LogoPath = bad)));
            await AdminAsync("stance reason", bad, "ReasonRu", Text(OrganisationAdminService.ReasonMax),
                () => organisations.AddStanceAsync(admin, campaign, new StanceForm { OrganisationId = DemoIds.SecondOrganisation, Stance = StanceKind.Undecided, ReasonRu = bad }));
            await ListAsync("organisation list search", () => organisations.ListAsync(admin, new OrganisationAdminQuery { Search = bad }));
        }

        await AdminAsync("organisation founded", "next year", "FoundedOn", _ => false,
            () => organisations.SaveAsync(admin, Organisation(f => f.FoundedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1))));
        await AdminAsync("stance kind", "999", "Stance", _ => false,
            () => organisations.AddStanceAsync(admin, campaign, new StanceForm { OrganisationId = DemoIds.SecondOrganisation, Stance = (StanceKind)999 }));
        await AdminAsync("stance organisation", "unknown", "Organisation", _ => false,
            () => organisations.AddStanceAsync(admin, campaign, new StanceForm { OrganisationId = Guid.NewGuid() }));
        await AdminAsync("stance statement", "unknown", "Statement", _ => false,
            () => organisations.AddStanceAsync(admin, campaign, new StanceForm { OrganisationId = DemoIds.SecondOrganisation, StatementId = Guid.NewGuid() }));
        await AdminAsync("stance date", "next year", "DecidedAt", _ => false,
            () => organisations.AddStanceAsync(admin, campaign, new StanceForm { OrganisationId = DemoIds.SecondOrganisation, DecidedAt = DateTimeOffset.UtcNow.AddYears(1) }));
        // A time with Kazakhstan's offset (what the editor's date field gives) is an instant like any other.
        await AdminAsync("stance date offset", "+05:00", "DecidedAt", _ => true,
            () => organisations.AddStanceAsync(admin, campaign, new StanceForm { OrganisationId = DemoIds.SecondOrganisation, DecidedAt = new DateTimeOffset(2026, 7, 8, 10, 0, 0, TimeSpan.FromHours(5)) }));

        // ---------------------------------------------------------------- taxonomies
        foreach (var bad in Corpus)
        {
            var unique = Guid.NewGuid().ToString("N")[..6];
            await ExpectAsync("taxonomy name", bad, "Taxonomy_Name", v => Text(TaxonomyErrors.NameMax, required: true)(v) && v.Trim().Length <= TaxonomyErrors.NameMax,
                () => taxonomies.AddAsync(admin, TaxonomyKind.Category, bad, $"Категория {unique}"), resource: "FieldStrings",
                refusedIsFine: v => Baqylau.Localization.Slugs.Slugify(v).Length == 0 || v.Trim().Length == 0);
            await ExpectAsync("taxonomy rename", bad, "Taxonomy_Name", v => Text(TaxonomyErrors.NameMax, required: true)(v),
                () => taxonomies.RenameAsync(admin, TaxonomyKind.Category, category, "Санат", bad), resource: "FieldStrings", changesAnyway: true);
        }

        // ---------------------------------------------------------------- accounts
        AccountForm Account(Action<AccountForm> change)
        {
            var form = new AccountForm { Email = $"corpus-{Guid.NewGuid():N}@example.org", DisplayName = "Корпус", Role = Roles.Author, OrganisationId = DemoIds.ErkindikQanaty };
            change(form);
            return form;
        }

        foreach (var bad in Corpus)
        {
            await AdminAsync("account email", bad, "Email", _ => false, () => accounts.InviteAsync(admin, Account(f => f.Email = bad)));
            await AdminAsync("account name", bad, "DisplayName", Text(200, required: true), () => accounts.InviteAsync(admin, Account(f => f.DisplayName = bad)));
            await AdminAsync("account role", bad, "Role", _ => false, () => accounts.InviteAsync(admin, Account(f => f.Role = bad)));
            // An unknown workspace language falls back to Kazakh: accepted.
            await AdminAsync("account language", bad, "PreferredCulture", _ => true, () => accounts.InviteAsync(admin, Account(f => f.PreferredCulture = bad)));
            await ListAsync("account list search", () => accounts.ListAsync(admin, new AccountAdminQuery { Search = bad, Role = bad }));
        }

        await AdminAsync("account organisation", "unknown", "Organisation", _ => false, () => accounts.InviteAsync(admin, Account(f => f.OrganisationId = Guid.NewGuid())));

        Assert.True(_sent > 400, $"only {_sent} calls");
        Assert.True(_problems.Count == 0, string.Join("\n", _problems.Take(40)));
    }

    private static string Show(string value) => value.Length > 24 ? value[..24] + "…" : value.Replace("\0", "\\0", StringComparison.Ordinal);

    /// <summary>A list or search with a bad filter: any page of results, never an exception.</summary>
    private async Task ListAsync<T>(string what, Func<Task<T>> run)
    {
        _sent++;
        try
        {
            await run();
        }
        catch (Exception ex)
        {
            _problems.Add($"{what}: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
        }
    }

    private Task AdminAsync(string what, string value, string field, Func<string, bool> acceptable, Func<Task> run) =>
        ExpectAsync(what, value, field, acceptable, run, resource: "AdminStrings");

    /// <param name="acceptable">Whether the field may hold the value (then saving it is right); null: refusal or not, only no crash.</param>
    /// <param name="changesAnyway">The call changes the database before the refused step (creating a draft to send back).</param>
    /// <param name="refusedIsFine">Values a field may hold yet a rule of its own refuses (a name that gives no slug).</param>
    private async Task ExpectAsync(string what, string value, string field, Func<string, bool>? acceptable, Func<Task> run,
        string resource = "WorkspaceStrings", bool changesAnyway = false, Func<string, bool>? refusedIsFine = null)
    {
        _sent++;
        var before = await ChecksumAsync();
        var label = $"{what} = {Show(value)}";
        try
        {
            await run();
            if (acceptable is not null && !acceptable(value))
                _problems.Add($"{label}: accepted");
            return;
        }
        catch (ValidationException ex) when (resource == "AdminStrings")
        {
            // The admin forms name a field by its form name; the admin strings word it as "Field_" + name.
            CheckErrors(label, field, ex.Errors.Select(e => (e.Key, e.Field is null ? null : "Field_" + e.Field, "AdminStrings")).ToList());
        }
        catch (ValidationException ex)
        {
            CheckErrors(label, field, ex.Errors.Select(e => (e.Key, e.Field, e.Key.StartsWith("Taxonomy_", StringComparison.Ordinal) ? "FieldStrings" : resource)).ToList());
        }
        catch (Exception ex)
        {
            _problems.Add($"{label}: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
            return;
        }

        if (acceptable is not null && acceptable(value) && refusedIsFine?.Invoke(value) != true)
            _problems.Add($"{label}: refused although the field may hold it");
        if (!changesAnyway && await ChecksumAsync() != before)
            _problems.Add($"{label}: refused, yet the database changed");
    }

    /// <summary>The refusal names the field, and every message (and field name) is real text in Kazakh and Russian.</summary>
    private void CheckErrors(string label, string field, List<(string Key, string? Field, string Resource)> errors)
    {
        var expected = field.StartsWith("Field_", StringComparison.Ordinal) || field.StartsWith("Taxonomy_", StringComparison.Ordinal) ? field : "Field_" + field;
        if (!errors.Any(e => e.Field == expected || e.Field == field))
            _problems.Add($"{label}: refused without naming {field} ({string.Join(", ", errors.Select(e => $"{e.Key}/{e.Field}"))})");
        foreach (var (key, fieldKey, resource) in errors)
        {
            foreach (var k in fieldKey is null || resource == "FieldStrings" ? new[] { key } : [key, fieldKey])
            {
                var kk = Text(resource, "kk", k);
                var ru = Text(resource, "ru", k);
                // A message differs between the languages; a field's name may be the same word in both ("Сайт").
                if (kk is null || ru is null || (k == key && kk == ru) || !HasCyrillic(kk) || !HasCyrillic(ru))
                    _problems.Add($"{label}: {resource}/{k} is not a real text in both languages (kk: {kk ?? "missing"}, ru: {ru ?? "missing"})");
            }
        }
    }

    private static bool HasCyrillic(string text) => text.Any(c => c is >= '\u0400' and <= '\u04FF');

    private string? Text(string resource, string lang, string key)
    {
        var name = resource + "." + lang;
        if (!_resources.TryGetValue(name, out var texts))
            _resources[name] = texts = ResourceFile.Read(resource, lang);
        return texts.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) && value != key ? value : null;
    }

    /// <summary>Every table an editor writes to (the audit trail included), as one hash.</summary>
    private async Task<string> ChecksumAsync()
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        var tables = new[]
        {
            "Statements", "StatementTranslations", "StatementRevisions", "StatementRelation", "StatementTags", "StatementPhotoUploads", "Incidents", "IncidentTranslations", "IncidentSource", "IncidentVerificationEvent", "IncidentStatements",
            "IncidentInternals", "Campaigns", "Organisations", "Stances", "IncidentCategories", "IncidentActors", "AspNetUsers",
            "AspNetUserRoles", "AuditEntries",
        };
        var sql = "SELECT md5(string_agg(h, '|' ORDER BY n)) FROM (" + string.Join(" UNION ALL ", tables.Select((t, i) =>
            $"SELECT {i} AS n, coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '') AS h FROM \"{t}\" x")) + ") s";
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
