using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Incidents;
using Baqylau.Localization;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.DataGen;

/// <summary>
/// Bulk data for the benchmarks: incidents and published statements in both languages, of realistic length,
/// spread over every region, ten categories and ten years. Deterministic for a seed, so runs compare.
/// Writes through the EF model (so the generated search columns and constraints are the real ones) but without the
/// audit interceptor: a generated history of 100,000 audit rows would measure nothing the benchmarks ask about.
/// </summary>
public sealed class BenchmarkData(BaqylauDbContext db, int seed = 20261125)
{
    public const int Years = 10;
    public const int CategoryCount = 10;
    public const int FirstYear = 2016;

    private readonly Random _random = new(seed);

    public async Task<(int Incidents, int Statements)> GenerateAsync(int incidents, int statements, int batchSize = 2000, Action<string>? progress = null, CancellationToken ct = default)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var organisations = await db.Organisations.Select(o => o.Id).ToListAsync(ct);
        if (organisations.Count == 0)
            throw new InvalidOperationException("No organisation in the database: start the app once with the demo content (Baqylau__SeedDemo=true) first.");
        var campaigns = await db.Campaigns.Select(c => (Guid?)c.Id).ToListAsync(ct);
        campaigns.Add(null);
        var regions = await db.Regions.Select(r => r.Id).ToListAsync(ct);
        var categories = await EnsureCategoriesAsync(ct);
        var actors = await db.IncidentActors.Select(a => (Guid?)a.Id).ToListAsync(ct);
        actors.Add(null);

        // Full-text and trigram indexes are far cheaper built once at the end than updated row by row.
        var indexes = await db.Database.SqlQueryRaw<string>(
            "SELECT indexdef AS \"Value\" FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE '%USING gin%'").ToListAsync(ct);
        foreach (var definition in indexes)
        {
            // The name comes from pg_indexes (our own schema), not from a user.
            var drop = "DROP INDEX IF EXISTS " + definition.Split(' ')[2];
            await db.Database.ExecuteSqlRawAsync(drop, ct);
        }

        var made = 0;
        while (made < incidents)
        {
            var n = Math.Min(batchSize, incidents - made);
            for (var i = 0; i < n; i++)
                db.Incidents.Add(NewIncident(made + i, Pick(organisations), Pick(campaigns), Pick(categories), Pick(actors), Pick(regions)));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            made += n;
            progress?.Invoke($"incidents {made}/{incidents}");
        }

        var written = 0;
        while (written < statements)
        {
            var n = Math.Min(batchSize, statements - written);
            for (var i = 0; i < n; i++)
                db.Statements.Add(NewStatement(written + i, Pick(organisations), Pick(campaigns)));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            written += n;
            progress?.Invoke($"statements {written}/{statements}");
        }

        foreach (var definition in indexes)
        {
            progress?.Invoke("index: " + definition.Split(' ')[2]);
            await db.Database.ExecuteSqlRawAsync(definition, ct);
        }

        return (made, written);
    }

    private async Task<List<Guid>> EnsureCategoriesAsync(CancellationToken ct)
    {
        var ids = await db.IncidentCategories.OrderBy(c => c.SortOrder).Select(c => c.Id).ToListAsync(ct);
        for (var i = ids.Count; i < CategoryCount; i++)
        {
            var category = new IncidentCategory
            {
                Slug = $"bench-category-{i + 1}",
                Name = new LocalizedText($"Санат {i + 1}", $"Категория {i + 1}"),
                SortOrder = 100 + i,
            };
            db.IncidentCategories.Add(category);
            ids.Add(category.Id);
        }

        await db.SaveChangesAsync(ct);
        return ids.Take(CategoryCount).ToList();
    }

    private Incident NewIncident(int n, Guid organisation, Guid? campaign, Guid category, Guid? actor, int region)
    {
        var year = FirstYear + (n % Years);
        var day = new DateOnly(year, 1, 1).AddDays(_random.Next(365));
        var occurred = (n % 20) switch
        {
            0 => FuzzyDate.ForYear(year),
            1 => FuzzyDate.ForMonth(year, day.Month),
            2 when year < FirstYear + Years - 1 => FuzzyDate.ForYearRange(year, year + 1),
            3 => FuzzyDate.Unknown,
            _ => FuzzyDate.ForDay(day),
        };
        var recorded = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(5)).AddDays(_random.Next(0, 4)).ToUniversalTime();
        var incident = new Incident
        {
            OrganisationId = organisation,
            CampaignId = campaign,
            CategoryId = category,
            ActorId = actor,
            RegionId = region,
            Settlement = Pick(Settlements),
            PollingStation = _random.Next(3) == 0 ? _random.Next(1, 900).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            Verification = (VerificationStatus)(n % 4),
            Visibility = n % 10 == 9 ? IncidentVisibility.Internal : IncidentVisibility.Public,
            RecordedAt = recorded,
            CreatedAt = recorded,
            UpdatedAt = recorded,
        };
        incident.SetOccurred(occurred);
        incident.Translations.Add(new IncidentTranslation { Culture = Cultures.Kazakh, Title = Title(KkWords, 6, 12), Description = Paragraphs(KkWords, 1, 3), UpdatedAt = recorded });
        incident.Translations.Add(new IncidentTranslation { Culture = Cultures.Russian, Title = Title(RuWords, 6, 12), Description = Paragraphs(RuWords, 1, 3), UpdatedAt = recorded });
        incident.Sources.Add(new IncidentSource { Url = $"https://example.org/reports/{n}", Title = "Report", AccessedOn = day });
        return incident;
    }

    private Statement NewStatement(int n, Guid organisation, Guid? campaign)
    {
        var year = FirstYear + (n % Years);
        var published = new DateTimeOffset(new DateOnly(year, 1, 1).AddDays(_random.Next(365)).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(5)).ToUniversalTime();
        var statement = new Statement
        {
            OrganisationId = organisation,
            CampaignId = campaign,
            Status = StatementStatus.Published,
            PublishedAt = published,
            CreatedAt = published,
            UpdatedAt = published,
        };
        foreach (var (lang, words) in new[] { (Cultures.Kazakh, KkWords), (Cultures.Russian, RuWords) })
        {
            var title = Title(words, 7, 14);
            statement.Translations.Add(new StatementTranslation
            {
                Culture = lang,
                // The generator's own suffix keeps slugs unique per language without a query per row.
                Slug = Slugs.WithSuffix(Slugs.Slugify(title, 60), n + 2),
                Title = title,
                Lead = Title(words, 20, 35),
                Body = Paragraphs(words, 4, 8),
                UpdatedAt = published,
            });
        }

        return statement;
    }

    private string Title(string[] words, int min, int max)
    {
        var text = string.Join(' ', Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ => Pick(words)));
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    private string Paragraphs(string[] words, int min, int max) =>
        string.Join("\n\n", Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ =>
            string.Join(' ', Enumerable.Range(0, _random.Next(3, 6)).Select(_ => Title(words, 8, 18) + "."))));

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static readonly string[] Settlements = ["Алматы", "Астана", "Шымкент", "Ақтөбе", "Қарағанды", "Тараз", "Павлодар", "Өскемен", "Семей", "Атырау"];

    // Words of the domain, with the inflected forms the search must match (байқаушылар, наблюдателей).
    private static readonly string[] KkWords =
    [
        "байқаушы", "байқаушылар", "байқаушыларды", "сайлау", "сайлауы", "учаске", "учаскесінде", "комиссия", "комиссиясы", "дауыс",
        "дауыс беру", "бюллетень", "бюллетеньдер", "қысым", "кедергі", "жергілікті", "әкімдік", "полиция", "тіркеу", "наубайхана",
        "Құрылтай", "депутаттар", "мәслихат", "референдум", "хаттама", "есеп", "қоғамдық", "қор", "ұйым", "жарияланды",
        "күні", "таңертең", "кешке", "аудан", "облыс", "қала", "ауыл", "тұрғындар", "журналист", "сайт",
        "бұғатталды", "интернет", "байланыс", "үзілді", "өтініш", "шағым", "жауап", "берілмеді", "рұқсат", "етілмеді",
    ];

    private static readonly string[] RuWords =
    [
        "наблюдатель", "наблюдателей", "наблюдателям", "выборы", "выборов", "участок", "участке", "комиссия", "комиссии", "голосование",
        "бюллетень", "бюллетени", "давление", "препятствие", "местный", "акимат", "полиция", "регистрация", "Курултай", "депутатов",
        "маслихат", "референдум", "протокол", "отчёт", "общественный", "фонд", "организация", "опубликовано", "день", "утром",
        "вечером", "район", "область", "город", "село", "жители", "журналист", "сайт", "заблокирован", "интернет",
        "связь", "прервана", "заявление", "жалоба", "ответ", "не", "дан", "доступ", "запрещён", "председатель",
    ];
}
