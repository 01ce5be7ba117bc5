using System.Globalization;
using System.Text.RegularExpressions;
using Baqylau.Campaigns;
using Baqylau.Incidents;
using Baqylau.Localization;
using Baqylau.Organisations;
using Baqylau.Statements;

namespace Baqylau.Local.Demo;

/// <summary>Ids of the demo accounts, for CreatedById and verification steps (no foreign key, so they may be planned ahead).</summary>
internal sealed record DemoStaff(Guid ErkindikAuthor, Guid ErkindikEditor, Guid SecondAuthor);

/// <summary>Taxonomy rows by slug: existing ones reused, missing ones created by the seeder.</summary>
internal sealed record DemoTaxonomy(
    IReadOnlyDictionary<string, Rubric> Rubrics,
    IReadOnlyDictionary<string, Tag> Tags,
    IReadOnlyDictionary<string, IncidentCategory> Categories,
    IReadOnlyDictionary<string, IncidentActor> Actors);

/// <summary>
/// Turns <see cref="DemoContent"/> into entities. Deterministic: one <c>new Random(2026)</c> drives every
/// choice and ids are derived from names, so two databases seeded by the same code hold the same rows.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394:Do not use insecure randomness",
    Justification = "Demo data must be reproducible; nothing here is a secret.")]
internal sealed partial class DemoGraph
{
    public const int GeneratedIncidentCount = 54;

    private const string PublicIdAlphabet = "23456789abcdefghjkmnpqrstuvwxyz";

    /// <summary>Nothing in the demo is recorded or updated after this moment.</summary>
    private static readonly DateTimeOffset Latest = At(new DateOnly(2026, 11, 20), new TimeOnly(12, 0));

    /// <summary>Dates of incidents that could happen any time cycle through every precision, so the timeline shows them all.</summary>
    private static readonly DatePrecision[] AnyPrecisions =
        [DatePrecision.Day, DatePrecision.Month, DatePrecision.Year, DatePrecision.Month, DatePrecision.YearRange, DatePrecision.Day, DatePrecision.Unknown];

    private readonly Random _rng = new(2026);
    private readonly DemoTaxonomy _taxonomy;
    private readonly DemoStaff _staff;
    private readonly HashSet<string> _slugsKk;
    private readonly HashSet<string> _slugsRu;
    private readonly Dictionary<string, Statement> _byKey = new(StringComparer.Ordinal);
    private Organisation _erkindik = null!;
    private Organisation _ashyq = null!;
    private Campaign _kurultai = null!;
    private Campaign _referendum = null!;
    private int _campaignPeriodCount;
    private int _anyCount;

    private DemoGraph(DemoTaxonomy taxonomy, DemoStaff staff, IEnumerable<string> takenKk, IEnumerable<string> takenRu)
    {
        _taxonomy = taxonomy;
        _staff = staff;
        _slugsKk = new HashSet<string>(takenKk, StringComparer.Ordinal);
        _slugsRu = new HashSet<string>(takenRu, StringComparer.Ordinal);
    }

    public List<Organisation> Organisations { get; } = [];

    public List<Campaign> Campaigns { get; } = [];

    public List<OrganisationStance> Stances { get; } = [];

    public List<Statement> Statements { get; } = [];

    public List<Incident> Incidents { get; } = [];

    /// <param name="takenKk">Kazakh slugs already in the database, so new ones never collide.</param>
    /// <param name="takenRu">Russian slugs already in the database.</param>
    public static DemoGraph Build(DemoTaxonomy taxonomy, DemoStaff staff, IEnumerable<string> takenKk, IEnumerable<string> takenRu)
    {
        var graph = new DemoGraph(taxonomy, staff, takenKk, takenRu);
        graph.AddOrganisations();
        graph.AddCampaigns();
        graph.AddMainStatement();
        graph.AddTemplateStatements();
        graph.AddRelated();
        graph.AddStances();
        graph.AddWorkedIncidents();
        graph.AddGeneratedIncidents();
        return graph;
    }

    // ================================================================ organisations and campaigns

    private void AddOrganisations()
    {
        _erkindik = new Organisation
        {
            Id = DemoIds.ErkindikQanaty,
            Slug = DemoIds.ErkindikQanatySlug,
            Name = DemoContent.ErkindikName.ToText(),
            ShortName = DemoContent.ErkindikShortName.ToText(),
            Description = DemoContent.ErkindikDescription.ToText(),
            FoundedOn = new DateOnly(2015, 3, 1),
            WebsiteUrl = "https://erkindik-qanaty.example",
            Links = ["https://erkindik-qanaty.example/reports", "https://t.me/erkindik_qanaty_demo"],
            CreatedAt = At(new DateOnly(2024, 9, 1), new TimeOnly(10, 0)),
        };
        _ashyq = new Organisation
        {
            Id = DemoIds.SecondOrganisation,
            Slug = DemoIds.SecondOrganisationSlug,
            Name = DemoContent.AshyqName.ToText(),
            ShortName = DemoContent.AshyqShortName.ToText(),
            Description = DemoContent.AshyqDescription.ToText(),
            FoundedOn = new DateOnly(2018, 9, 1),
            WebsiteUrl = "https://ashyq-dauys.example",
            Links = ["https://t.me/ashyq_dauys_demo"],
            CreatedAt = At(new DateOnly(2024, 9, 5), new TimeOnly(10, 0)),
        };
        Organisations.AddRange([_erkindik, _ashyq]);
    }

    private void AddCampaigns()
    {
        _kurultai = new Campaign
        {
            Id = DemoIds.Kurultai2026,
            Slug = DemoIds.Kurultai2026Slug,
            Kind = CampaignKind.Parliamentary,
            Title = DemoContent.KurultaiTitle.ToText(),
            Description = DemoContent.KurultaiDescription.ToText(),
            VotingDay = DemoContent.KurultaiVotingDay,
            KeyDates = DemoContent.KurultaiKeyDates(),
            LegalReferences = DemoContent.KurultaiLaw(),
            CreatedAt = At(new DateOnly(2026, 6, 5), new TimeOnly(18, 0)),
        };
        _referendum = new Campaign
        {
            Id = DemoIds.SecondCampaign,
            Slug = DemoIds.SecondCampaignSlug,
            Kind = CampaignKind.Referendum,
            Title = DemoContent.ReferendumTitle.ToText(),
            Description = DemoContent.ReferendumDescription.ToText(),
            VotingDay = DemoContent.ReferendumVotingDay,
            KeyDates = DemoContent.ReferendumKeyDates(),
            LegalReferences = DemoContent.ReferendumLaw(),
            CreatedAt = At(new DateOnly(2024, 9, 2), new TimeOnly(18, 0)),
        };
        Campaigns.AddRange([_kurultai, _referendum]);
    }

    // ================================================================ statements

    private void AddMainStatement()
    {
        // 8 July 2026, 10:00 in Almaty (UTC+5).
        var published = new DateTimeOffset(2026, 7, 8, 5, 0, 0, TimeSpan.Zero);
        var statement = NewStatement(DemoIds.Statement20260708, DemoOrg.Erkindik, DemoCampaign.Kurultai2026, "statements",
            ["kurultai-2026", "observers", "safety", "election-law"]);
        statement.PublicId = DemoIds.Statement20260708PublicId;
        statement.CreatedById = _staff.ErkindikEditor;
        statement.Status = StatementStatus.Published;
        statement.CreatedAt = published.AddDays(-2).AddHours(-3);
        statement.PublishedAt = published;
        statement.UpdatedAt = published;
        var footer = DemoContent.Footer(DemoOrg.Erkindik);
        statement.Translations =
        [
            Translation(Cultures.Kazakh, DemoContent.MainTitle.Kk, DemoContent.MainTitle.Kk, DemoContent.MainLead.Kk,
                DemoContent.MainBody.Kk + "\n\n" + footer.Kk, published),
            Translation(Cultures.Russian, DemoContent.MainTitle.Ru, DemoContent.MainTitle.Ru, DemoContent.MainLead.Ru,
                DemoContent.MainBody.Ru + "\n\n" + footer.Ru, published),
        ];
        _byKey["main"] = statement;
        Statements.Add(statement);
    }

    private void AddTemplateStatements()
    {
        foreach (var t in DemoContent.StatementTemplates)
        {
            var usesPlace = t.Title.Kk.Contains("{Place}", StringComparison.Ordinal);
            var regions = usesPlace ? PickRegions(t.Org == DemoOrg.AshyqDauys && t.Campaign == DemoCampaign.Referendum2024, t.Count) : [];
            for (var i = 0; i < t.Count; i++)
            {
                var day = PickDay(t.From, t.To);
                var time = t.At ?? new TimeOnly(_rng.Next(9, 18), _rng.Next(4) * 15);
                var at = At(day, time);
                var fill = new Filler(usesPlace ? DemoContent.Places[regions[i] - 1] : null, DemoContent.RunningDate(day), _rng.Next(12, 49));
                var key = $"{t.Key}#{i}";
                var statement = NewStatement(DemoIds.Derive("statement/" + key), t.Org, t.Campaign, t.Rubric, t.Tags);
                statement.Status = t.Status;
                var footer = DemoContent.Footer(t.Org);

                // Slugs are fixed at first publication: a corrected headline keeps the slug of the original one.
                var firstFill = fill;
                if (t.Correction is not null)
                {
                    fill = fill with { N = _rng.Next(31, 58) };
                    firstFill = fill with { N = fill.N + _rng.Next(3, 9) };
                }

                if (t.Status is StatementStatus.Draft or StatementStatus.InReview)
                {
                    statement.CreatedAt = at;
                    statement.UpdatedAt = at.AddHours(_rng.Next(2, 30));
                }
                else
                {
                    statement.CreatedAt = at.AddDays(-_rng.Next(1, 4)).AddHours(-_rng.Next(0, 6));
                    statement.PublishedAt = at;
                    statement.UpdatedAt = at;
                }

                if (t.Correction is { } correction)
                {
                    statement.Status = StatementStatus.Corrected;
                    var correctedAt = at.AddDays(2).AddHours(3);
                    statement.Corrections =
                    [
                        new StatementCorrection
                        {
                            At = correctedAt,
                            Note = new(fill.Apply(correction.Kk, Cultures.Kazakh, firstFill.N), fill.Apply(correction.Ru, Cultures.Russian, firstFill.N)),
                        },
                    ];
                    statement.UpdatedAt = correctedAt;
                }

                if (t.Retraction is { } retraction)
                {
                    statement.Status = StatementStatus.Retracted;
                    statement.RetractedAt = at.AddHours(5).AddMinutes(30);
                    statement.RetractionReason = retraction.ToText();
                    statement.UpdatedAt = statement.RetractedAt.Value;
                }

                IReadOnlyList<string> languages = t.LastOnlyKazakh && i == t.Count - 1 ? [Cultures.Kazakh] : Cultures.All;
                foreach (var lang in languages)
                {
                    var (title, lead, body) = lang == Cultures.Kazakh ? (t.Title.Kk, t.Lead.Kk, t.Body.Kk) : (t.Title.Ru, t.Lead.Ru, t.Body.Ru);
                    var foot = lang == Cultures.Kazakh ? footer.Kk : footer.Ru;
                    statement.Translations.Add(Translation(
                        lang,
                        fill.Apply(title, lang),
                        firstFill.Apply(title, lang),
                        fill.Apply(lead, lang),
                        fill.Apply(body, lang) + "\n\n" + foot,
                        statement.UpdatedAt));
                }

                _byKey[key] = statement;
                Statements.Add(statement);
            }
        }
    }

    /// <summary>"Read also": the main statement links chosen analyses; others the two latest earlier public statements of their organisation.</summary>
    private void AddRelated()
    {
        Relate(_byKey["main"], _byKey["E8#0"], _byKey["E5#0"], _byKey["E6#0"]);
        var readable = Statements
            .Where(s => s.Status is StatementStatus.Published or StatementStatus.Corrected)
            .OrderBy(s => s.PublishedAt)
            .ToList();
        foreach (var s in readable)
        {
            if (s.Id == DemoIds.Statement20260708)
                continue;
            var earlier = readable
                .Where(o => o.OrganisationId == s.OrganisationId && o.PublishedAt < s.PublishedAt)
                .OrderByDescending(o => o.PublishedAt)
                .Take(2)
                .ToArray();
            Relate(s, earlier);
        }
    }

    private static void Relate(Statement statement, params Statement[] related)
    {
        for (var i = 0; i < related.Length; i++)
        {
            statement.Related.Add(new StatementRelation
            {
                StatementId = statement.Id,
                RelatedStatementId = related[i].Id,
                RelatedStatement = related[i],
                Position = i,
            });
        }
    }

    private void AddStances()
    {
        Stances.Add(Stance("stance/erkindik/kurultai", _erkindik, _kurultai, StanceKind.Declined, DemoContent.ErkindikKurultaiReason,
            _byKey["main"], new DateTimeOffset(2026, 7, 8, 5, 0, 0, TimeSpan.Zero)));
        Stances.Add(Stance("stance/ashyq/kurultai", _ashyq, _kurultai, StanceKind.Observing, DemoContent.AshyqKurultaiReason,
            _byKey["A6#0"], _byKey["A6#0"].PublishedAt!.Value));
        Stances.Add(Stance("stance/erkindik/referendum", _erkindik, _referendum, StanceKind.Observing, DemoContent.ErkindikReferendumReason,
            _byKey["E1#0"], _byKey["E1#0"].PublishedAt!.Value));
        Stances.Add(Stance("stance/ashyq/referendum", _ashyq, _referendum, StanceKind.PartlyObserving, DemoContent.AshyqReferendumReason,
            _byKey["A1#0"], _byKey["A1#0"].PublishedAt!.Value));
    }

    private static OrganisationStance Stance(string name, Organisation org, Campaign campaign, StanceKind kind, Bi reason, Statement statement, DateTimeOffset at) =>
        new()
        {
            Id = DemoIds.Derive(name),
            OrganisationId = org.Id,
            Organisation = org,
            CampaignId = campaign.Id,
            Campaign = campaign,
            Stance = kind,
            Reason = reason.ToText(),
            StatementId = statement.Id,
            Statement = statement,
            DecidedAt = at,
        };

    private Statement NewStatement(Guid id, DemoOrg org, DemoCampaign campaign, string rubric, string[] tags)
    {
        var organisation = org == DemoOrg.Erkindik ? _erkindik : _ashyq;
        var c = CampaignOf(campaign);
        return new Statement
        {
            Id = id,
            PublicId = NewPublicId(),
            OrganisationId = organisation.Id,
            Organisation = organisation,
            CampaignId = c?.Id,
            Campaign = c,
            RubricId = _taxonomy.Rubrics[rubric].Id,
            Rubric = _taxonomy.Rubrics[rubric],
            Tags = [.. tags.Select(t => _taxonomy.Tags[t])],
            CreatedById = org == DemoOrg.Erkindik ? _staff.ErkindikAuthor : _staff.SecondAuthor,
        };
    }

    private StatementTranslation Translation(string lang, string title, string slugSource, string lead, string body, DateTimeOffset updated) =>
        new()
        {
            Culture = lang,
            Slug = UniqueSlug(slugSource, lang == Cultures.Kazakh ? _slugsKk : _slugsRu),
            Title = title,
            Lead = lead,
            Body = body,
            UpdatedAt = updated,
        };

    private static string UniqueSlug(string title, HashSet<string> taken)
    {
        var slug = Slugs.Slugify(title);
        if (slug.Length == 0)
            slug = "statement";
        var candidate = slug;
        for (var n = 2; !taken.Add(candidate); n++)
            candidate = Slugs.WithSuffix(slug, n);
        return candidate;
    }

    // ================================================================ incidents

    private void AddWorkedIncidents()
    {
        var main = _byKey["main"];
        var recorded = At(new DateOnly(2026, 7, 6), new TimeOnly(14, 0));
        foreach (var w in DemoContent.WorkedIncidents)
        {
            var incident = NewIncident("incident/worked/" + w.Key, DemoOrg.Erkindik, w.Category, w.Actor, w.Occurred, recorded);
            incident.RegionId = w.RegionId;
            incident.Visibility = IncidentVisibility.Public;
            incident.Statements.Add(main);
            AddTranslations(incident, w.Title, w.Description);
            Verify(incident, w.Verification, DemoOrg.Erkindik);
            if (w.DocumentUrl is not null)
            {
                incident.Sources.Add(new IncidentSource
                {
                    Id = DemoIds.Derive($"incident/worked/{w.Key}/source"),
                    Kind = SourceKind.Document,
                    Url = w.DocumentUrl,
                    Title = w.DocumentTitle,
                    AccessedOn = DateOnly.FromDateTime(recorded.UtcDateTime),
                });
            }

            if (w.ObserverIdentities is not null || w.Notes is not null)
            {
                incident.Internal = new IncidentInternal
                {
                    ObserverIdentities = w.ObserverIdentities,
                    Notes = w.Notes,
                    UpdatedAt = recorded,
                };
            }

            Incidents.Add(incident);
            recorded = recorded.AddMinutes(25);
        }
    }

    private void AddGeneratedIncidents()
    {
        var templates = DemoContent.IncidentTemplates;
        for (var k = 0; k < GeneratedIncidentCount; k++)
        {
            var t = templates[k % templates.Length];
            var (date, campaign, votingDay) = PickOccurrence(t.When);
            var org = PickOrg(t, campaign);
            var regionId = org == DemoOrg.AshyqDauys && campaign == DemoCampaign.Referendum2024
                ? DemoContent.AshyqReferendumRegions[_rng.Next(DemoContent.AshyqReferendumRegions.Length)]
                : _rng.Next(1, DemoContent.Places.Length + 1);
            var place = DemoContent.Places[regionId - 1];
            var station = votingDay ? _rng.Next(1, 900).ToString(CultureInfo.InvariantCulture) : null;
            var recorded = RecordedAt(date);

            var incident = NewIncident($"incident/{k + 1:D2}", org, t.Category, t.Actor, date, recorded);
            incident.CampaignId = CampaignOf(campaign)?.Id;
            incident.Campaign = CampaignOf(campaign);
            incident.RegionId = regionId;
            incident.Settlement = _rng.NextDouble() < 0.7 ? place.Settlement : null;
            incident.PollingStation = station;

            var fill = new Filler(place, null, 0, station);
            AddTranslations(incident, new(fill.Apply(t.Title.Kk, Cultures.Kazakh), fill.Apply(t.Title.Ru, Cultures.Russian)),
                new(fill.Apply(t.Description.Kk, Cultures.Kazakh), fill.Apply(t.Description.Ru, Cultures.Russian)));

            var r = _rng.NextDouble();
            var status = r switch
            {
                < 0.35 => VerificationStatus.Verified,
                < 0.65 => VerificationStatus.Corroborated,
                < 0.9 => VerificationStatus.Reported,
                _ => VerificationStatus.Disputed,
            };
            Verify(incident, status, org);
            var hidden = status switch
            {
                VerificationStatus.Reported => _rng.NextDouble() < 0.4,
                VerificationStatus.Disputed => _rng.NextDouble() < 0.3,
                _ => false,
            };
            incident.Visibility = hidden ? IncidentVisibility.Internal : IncidentVisibility.Public;

            AddSources(incident, t, org, k);
            if (t.NeedsObservers && _rng.NextDouble() < 0.25)
                AddInternal(incident);
            if (!hidden && votingDay)
                LinkReports(incident, org, campaign);

            Incidents.Add(incident);
        }
    }

    private (FuzzyDate Date, DemoCampaign Campaign, bool VotingDay) PickOccurrence(IncidentWhen when)
    {
        switch (when)
        {
            case IncidentWhen.VotingDay:
                {
                    var r = _rng.NextDouble();
                    var (day, campaign) = r switch
                    {
                        < 0.4 => (DemoContent.ReferendumVotingDay, DemoCampaign.Referendum2024),
                        < 0.85 => (DemoContent.KurultaiVotingDay, DemoCampaign.Kurultai2026),
                        _ => (DemoContent.ParliamentaryVotingDay2023, DemoCampaign.None),
                    };
                    var date = _rng.NextDouble() < 0.55
                        ? FuzzyDate.ForTime(day, new TimeOnly(7, 0).AddMinutes(_rng.Next(0, 13 * 12 + 7) * 5))
                        : FuzzyDate.ForDay(day);
                    return (date, campaign, true);
                }

            case IncidentWhen.CampaignPeriod:
                {
                    var referendum = _rng.NextDouble() < 0.5;
                    var day = referendum
                        ? PickDay(new DateOnly(2024, 9, 3), new DateOnly(2024, 10, 4))
                        : PickDay(new DateOnly(2026, 6, 5), new DateOnly(2026, 8, 21));
                    var date = _campaignPeriodCount++ % 2 == 0 ? FuzzyDate.ForDay(day) : FuzzyDate.ForMonth(day.Year, day.Month);
                    return (date, referendum ? DemoCampaign.Referendum2024 : DemoCampaign.Kurultai2026, false);
                }

            default:
                {
                    var day = PickDay(new DateOnly(2019, 1, 1), new DateOnly(2026, 10, 31));
                    switch (AnyPrecisions[_anyCount++ % AnyPrecisions.Length])
                    {
                        case DatePrecision.Day:
                            return (FuzzyDate.ForDay(day), CampaignAround(day), false);
                        case DatePrecision.Month:
                            return (FuzzyDate.ForMonth(day.Year, day.Month), DemoCampaign.None, false);
                        case DatePrecision.Year:
                            return (FuzzyDate.ForYear(day.Year), DemoCampaign.None, false);
                        case DatePrecision.YearRange:
                            var from = _rng.Next(2019, 2024);
                            return (FuzzyDate.ForYearRange(from, Math.Min(2026, from + _rng.Next(1, 4))), DemoCampaign.None, false);
                        default:
                            return (FuzzyDate.Unknown, DemoCampaign.None, false);
                    }
                }
        }
    }

    /// <summary>The campaign whose calendar (announcement to results) holds the day, if any.</summary>
    private DemoCampaign CampaignAround(DateOnly day)
    {
        foreach (var (campaign, c) in new[] { (DemoCampaign.Referendum2024, _referendum), (DemoCampaign.Kurultai2026, _kurultai) })
        {
            var start = c.KeyDates.Min(d => d.Start);
            var end = c.KeyDates.Max(d => d.End ?? d.Start);
            if (day >= start && day <= end)
                return campaign;
        }

        return DemoCampaign.None;
    }

    /// <summary>The foundation observed nothing of the Kurultai election, so observation incidents there are the network's.</summary>
    private DemoOrg PickOrg(IncidentTemplate t, DemoCampaign campaign) =>
        t.NeedsObservers && campaign == DemoCampaign.Kurultai2026
            ? DemoOrg.AshyqDauys
            : _rng.NextDouble() < 0.5 ? DemoOrg.Erkindik : DemoOrg.AshyqDauys;

    /// <summary>When the incident reached the log: soon after for dated events, sometimes days later; much later for vague dates.</summary>
    private DateTimeOffset RecordedAt(FuzzyDate date)
    {
        DateTimeOffset recorded;
        switch (date.Precision)
        {
            case DatePrecision.Time:
                recorded = At(date.StartDay!.Value, date.Time!.Value).AddMinutes(_rng.Next(20, 180));
                break;
            case DatePrecision.Day:
                recorded = At(date.StartDay!.Value, new TimeOnly(_rng.Next(17, 23), _rng.Next(60)));
                break;
            case DatePrecision.Month:
                return Min(At(date.EndDay!.Value.AddDays(_rng.Next(1, 11)), new TimeOnly(11, 0)));
            case DatePrecision.Year:
            case DatePrecision.YearRange:
                var after = date.EndDay!.Value.AddDays(_rng.Next(10, 120));
                return Min(At(after, new TimeOnly(_rng.Next(9, 19), 0)));
            default:
                return At(new DateOnly(2025, 6, 1).AddDays(_rng.Next(0, 480)), new TimeOnly(_rng.Next(9, 19), 0));
        }

        // One in five is recorded later: an observer reports after the fact.
        if (_rng.NextDouble() < 0.2)
            recorded = recorded.AddDays(_rng.Next(5, 13));
        return Min(recorded);
    }

    private Incident NewIncident(string name, DemoOrg org, string category, string? actor, FuzzyDate occurred, DateTimeOffset recorded)
    {
        var organisation = org == DemoOrg.Erkindik ? _erkindik : _ashyq;
        var incident = new Incident
        {
            Id = DemoIds.Derive(name),
            PublicId = NewPublicId(),
            OrganisationId = organisation.Id,
            Organisation = organisation,
            CategoryId = _taxonomy.Categories[category].Id,
            Category = _taxonomy.Categories[category],
            ActorId = actor is null ? null : _taxonomy.Actors[actor].Id,
            Actor = actor is null ? null : _taxonomy.Actors[actor],
            RecordedAt = recorded,
            CreatedAt = recorded,
            UpdatedAt = recorded,
            CreatedById = org == DemoOrg.Erkindik ? _staff.ErkindikAuthor : _staff.SecondAuthor,
        };
        incident.SetOccurred(occurred);
        return incident;
    }

    private static void AddTranslations(Incident incident, Bi title, Bi description)
    {
        foreach (var lang in Cultures.All)
        {
            incident.Translations.Add(new IncidentTranslation
            {
                Culture = lang,
                Title = lang == Cultures.Kazakh ? title.Kk : title.Ru,
                Description = lang == Cultures.Kazakh ? description.Kk : description.Ru,
                UpdatedAt = incident.UpdatedAt,
            });
        }
    }

    /// <summary>Reported when logged, then each further step a day or a few later, by the foundation's editor.</summary>
    private void Verify(Incident incident, VerificationStatus status, DemoOrg org)
    {
        var by = org == DemoOrg.Erkindik ? _staff.ErkindikEditor : (Guid?)null;
        VerificationStatus[] steps = status switch
        {
            VerificationStatus.Reported => [VerificationStatus.Reported],
            VerificationStatus.Corroborated => [VerificationStatus.Reported, VerificationStatus.Corroborated],
            VerificationStatus.Verified => [VerificationStatus.Reported, VerificationStatus.Corroborated, VerificationStatus.Verified],
            _ => [VerificationStatus.Reported, VerificationStatus.Disputed],
        };
        var at = incident.RecordedAt;
        for (var i = 0; i < steps.Length; i++)
        {
            if (i > 0)
                at = Min(at.AddDays(_rng.Next(1, 4)).AddHours(_rng.Next(0, 8)));
            incident.VerificationHistory.Add(new IncidentVerificationEvent
            {
                Id = DemoIds.Derive($"{incident.Id}/verification/{i}"),
                Status = steps[i],
                At = at,
                ById = i == 0 ? incident.CreatedById : by,
                Comment = i == 0 ? null : DemoContent.VerificationComments[steps[i] == VerificationStatus.Disputed ? 3 : _rng.Next(3)],
            });
        }

        incident.Verification = status;
        incident.UpdatedAt = at;
        foreach (var t in incident.Translations)
            t.UpdatedAt = at;
    }

    private void AddSources(Incident incident, IncidentTemplate t, DemoOrg org, int k)
    {
        var accessed = DateOnly.FromDateTime(incident.RecordedAt.ToOffset(TimeSpan.FromHours(5)).DateTime);
        if (t.Measurable)
        {
            incident.Sources.Add(new IncidentSource
            {
                Id = DemoIds.Derive($"{incident.Id}/source/ooni"),
                Kind = SourceKind.NetworkMeasurement,
                Url = OoniUrl(incident.Occurred),
                Title = "OONI Explorer — KZ, web_connectivity",
                AccessedOn = accessed,
            });
        }

        if (_rng.NextDouble() < 0.45)
        {
            var site = t.Category == "media-pressure"
                ? "https://local-news.example/kz"
                : org == DemoOrg.Erkindik ? "https://erkindik-qanaty.example/monitoring" : "https://ashyq-dauys.example/reports";
            var url = $"{site}/{accessed:yyyy-MM-dd}-{k + 1:D2}";
            incident.Sources.Add(new IncidentSource
            {
                Id = DemoIds.Derive($"{incident.Id}/source/link"),
                Kind = SourceKind.Link,
                Url = url,
                Title = t.Category == "media-pressure" ? "Жергілікті басылым / Местное издание" : "Байқаушының хабарламасы / Сообщение наблюдателя",
                AccessedOn = accessed,
                ArchiveUrl = _rng.NextDouble() < 0.5 ? $"https://web.archive.org/web/{accessed:yyyyMMdd}120000/{url}" : null,
            });
        }
    }

    /// <summary>A measurement link for a day or time; a chart of the period for vaguer dates.</summary>
    private string OoniUrl(FuzzyDate date)
    {
        if (date.Precision >= DatePrecision.Day)
        {
            var start = At(date.StartDay!.Value, date.Time ?? new TimeOnly(12, 0)).UtcDateTime.AddMinutes(_rng.Next(0, 90));
            var bytes = new byte[8];
            _rng.NextBytes(bytes);
            var hex = Convert.ToHexStringLower(bytes);
            return $"https://explo.ooni.org/m/{start:yyyyMMddHHmmss}.{_rng.Next(100000, 999999)}_KZ_webconnectivity_{hex}";
        }

        var since = date.StartDay ?? new DateOnly(2019, 1, 1);
        var until = date.EndDay ?? new DateOnly(2026, 10, 31);
        return $"https://explo.ooni.org/chart/mat?probe_cc=KZ&test_name=web_connectivity&since={since:yyyy-MM-dd}&until={until:yyyy-MM-dd}&axis_x=measurement_start_day";
    }

    private void AddInternal(Incident incident)
    {
        var observers = DemoContent.FictionalObservers;
        var first = _rng.Next(observers.Length);
        var identities = _rng.NextDouble() < 0.5
            ? observers[first]
            : $"{observers[first]}; {observers[(first + 1) % observers.Length]}";
        incident.Internal = new IncidentInternal
        {
            ObserverIdentities = identities,
            WitnessIdentities = _rng.NextDouble() < 0.5 ? DemoContent.FictionalWitnesses[_rng.Next(DemoContent.FictionalWitnesses.Length)] : null,
            Notes = DemoContent.InternalNotes[_rng.Next(DemoContent.InternalNotes.Length)],
            UpdatedAt = incident.RecordedAt,
        };
    }

    /// <summary>Public voting-day incidents are cited by the organisation's reports on that vote.</summary>
    private void LinkReports(Incident incident, DemoOrg org, DemoCampaign campaign)
    {
        string[] keys = (org, campaign) switch
        {
            (DemoOrg.Erkindik, DemoCampaign.Referendum2024) => ["E3#0", "E4#0"],
            (DemoOrg.AshyqDauys, DemoCampaign.Referendum2024) => ["A3#0", "A4#0"],
            (DemoOrg.AshyqDauys, DemoCampaign.Kurultai2026) => ["A11#0"],
            _ => [],
        };
        foreach (var key in keys)
        {
            if (incident.Statements.Count == 0 || _rng.NextDouble() < 0.5)
                incident.Statements.Add(_byKey[key]);
        }
    }

    // ================================================================ helpers

    private Campaign? CampaignOf(DemoCampaign campaign) => campaign switch
    {
        DemoCampaign.Kurultai2026 => _kurultai,
        DemoCampaign.Referendum2024 => _referendum,
        _ => null,
    };

    private string NewPublicId() => new(_rng.GetItems<char>(PublicIdAlphabet, 10));

    private DateOnly PickDay(DateOnly from, DateOnly to) => from.AddDays(_rng.Next(to.DayNumber - from.DayNumber + 1));

    private int[] PickRegions(bool ashyqReferendum, int count)
    {
        int[] pool = ashyqReferendum ? DemoContent.AshyqReferendumRegions : [.. Enumerable.Range(1, DemoContent.Places.Length)];
        return [.. pool.OrderBy(_ => _rng.Next()).Take(count)];
    }

    /// <summary>A Kazakhstan wall-clock time as a UTC instant (Npgsql writes timestamptz only with offset 0).</summary>
    private static DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        return new DateTimeOffset(local, Datelines.Kazakhstan.GetUtcOffset(local)).ToUniversalTime();
    }

    private static DateTimeOffset Min(DateTimeOffset at) => at < Latest ? at : Latest;

    /// <summary>Fills a template's placeholders for one language.</summary>
    private sealed partial record Filler(DemoPlace? Place, Bi? Date, int N, string? Station = null)
    {
        public string Apply(string text, string lang, int? old = null)
        {
            var kk = lang == Cultures.Kazakh;
            if (Place is { } p)
            {
                var name = kk ? p.Kk : p.Ru;
                text = text.Replace("{Place}", char.ToUpperInvariant(name[0]) + name[1..], StringComparison.Ordinal)
                    .Replace("{place}", name, StringComparison.Ordinal);
            }

            if (Date is { } d)
                text = text.Replace("{date}", kk ? d.Kk : d.Ru, StringComparison.Ordinal);
            if (Station is not null)
                text = text.Replace("{station}", Station, StringComparison.Ordinal);
            if (old is { } o)
                text = text.Replace("{old}", o.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

            // {n:нарушение|нарушения|нарушений}: the number with the Russian noun form CLDR asks for.
            text = PluralPattern().Replace(text, m =>
            {
                var category = Plural.Category(lang, N);
                var form = category switch
                {
                    Plural.One => m.Groups["one"].Value,
                    Plural.Few => m.Groups["few"].Value,
                    _ => m.Groups["many"].Value,
                };
                return $"{N.ToString(CultureInfo.InvariantCulture)} {form}";
            });
            return text.Replace("{n}", N.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        [GeneratedRegex(@"\{n:(?<one>[^|}]+)\|(?<few>[^|}]+)\|(?<many>[^|}]+)\}")]
        private static partial Regex PluralPattern();
    }
}
