using System.Linq.Expressions;
using Baqylau.Data;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Baqylau.Incidents;

/// <summary>
/// Turns rows of the incidents table into <see cref="PublicIncident"/>s: one query for the incidents' own columns
/// (compiled for the unfiltered timeline and the permalink), then their texts and lists by id. No query here reads
/// the internal part or evidence files: they are not in <see cref="PublicIncident"/> at all.
/// </summary>
internal static class PublicIncidentReader
{
    /// <summary>Incidents whose texts and lists are read in one query.</summary>
    private const int DetailBatch = 500;

    public static readonly Expression<Func<Incident, Head>> HeadOf = i => new Head
    {
        Id = i.Id,
        PublicId = i.PublicId,
        Occurred = i.Occurred,
        SortKey = i.OccurredSortKey,
        RecordedAt = i.RecordedAt,
        UpdatedAt = i.UpdatedAt,
        CategoryId = i.CategoryId,
        ActorId = i.ActorId,
        RegionId = i.RegionId,
        Settlement = i.Settlement,
        PollingStation = i.PollingStation,
        Verification = i.Verification,
        OrganisationId = i.OrganisationId,
        CampaignId = i.CampaignId,
    };

    // The unfiltered timeline (the API's and the pages' default, and the export's walk) and the permalink, compiled.
    public static readonly CompiledQuery<Func<BaqylauDbContext, int, IAsyncEnumerable<Head>>> FirstPage = new(() => EF.CompileAsyncQuery(
        (BaqylauDbContext db, int take) => db.Incidents.AsNoTracking().Where(i => i.Visibility == IncidentVisibility.Public)
            .OrderByDescending(i => i.TimelineKey).ThenByDescending(i => i.Id).Take(take).Select(HeadOf)));

    public static readonly CompiledQuery<Func<BaqylauDbContext, DateTime, Guid, int, IAsyncEnumerable<Head>>> PageAfter = new(() => EF.CompileAsyncQuery(
        (BaqylauDbContext db, DateTime key, Guid id, int take) => db.Incidents.AsNoTracking()
            .Where(i => i.Visibility == IncidentVisibility.Public && EF.Functions.LessThan(ValueTuple.Create(i.TimelineKey, i.Id), ValueTuple.Create(key, id)))
            .OrderByDescending(i => i.TimelineKey).ThenByDescending(i => i.Id).Take(take).Select(HeadOf)));

    public static readonly CompiledQuery<Func<BaqylauDbContext, string, IAsyncEnumerable<Head>>> ByPublicId = new(() => EF.CompileAsyncQuery(
        (BaqylauDbContext db, string publicId) => db.Incidents.AsNoTracking()
            .Where(i => i.Visibility == IncidentVisibility.Public && i.PublicId == publicId).Select(HeadOf)));

    /// <summary>
    /// The rows of <paramref name="query"/> in its order, with what <paramref name="detail"/> asks for: one query for
    /// the incidents' own columns, then one per list (texts, history, sources, statements) by id.
    /// </summary>
    /// <param name="lookups">The names of what incidents point at, asked for only when there are rows.</param>
    public static async Task<List<PublicIncident>> LoadAsync(BaqylauDbContext db, IAsyncEnumerable<Head> headRows, IncidentDetail detail,
        Func<Task<IncidentLookups>> lookups, CancellationToken ct)
    {
        var heads = new List<Head>();
        await foreach (var head in headRows.WithCancellation(ct))
            heads.Add(head);
        if (heads.Count == 0)
            return [];

        var names = await lookups();
        var full = detail == IncidentDetail.Full;
        var texts = new List<TextRow>();
        var history = new List<VerificationRow>();
        var sources = new List<SourceRow>();
        var statements = new List<(Guid IncidentId, CitingStatement Statement)>();
        // By id in bounded batches: PostgreSQL compares "= ANY(ids)" row by row, so one array of thousands (a CSV
        // export) cost more than its batches together.
        foreach (var ids in heads.Select(h => h.Id).Chunk(DetailBatch))
            await ReadDetailsAsync(db, ids, full, texts, history, sources, statements, ct);

        var textsOf = texts.ToLookup(t => t.IncidentId);
        var historyOf = history.ToLookup(e => e.IncidentId);
        var sourcesOf = sources.ToLookup(s => s.IncidentId);
        var statementsOf = statements.OrderByDescending(s => s.Statement.PublishedAt).ToLookup(s => s.IncidentId, s => s.Statement);

        return heads.Select(h => new PublicIncident
        {
            Id = h.Id,
            PublicId = h.PublicId,
            Texts = textsOf[h.Id].OrderBy(t => t.Culture, StringComparer.Ordinal)
                .ToDictionary(t => t.Culture, t => new IncidentText(t.Title, t.Description), StringComparer.Ordinal),
            Occurred = h.Occurred,
            SortKey = h.SortKey,
            RecordedAt = h.RecordedAt,
            UpdatedAt = h.UpdatedAt,
            Category = names.Category(h.CategoryId),
            Actor = h.ActorId is { } actor ? names.Actor(actor) : null,
            Region = h.RegionId is { } region ? names.Regions.GetValueOrDefault(region) : null,
            Settlement = h.Settlement,
            PollingStation = h.PollingStation,
            Verification = h.Verification,
            History = historyOf[h.Id].OrderBy(e => e.At).Select(e => new VerificationStep(e.Status, e.At)).ToList(),
            Sources = sourcesOf[h.Id].OrderBy(s => s.Source.Kind).ThenBy(s => s.Id).Select(s => s.Source).ToList(),
            Organisation = names.Organisation(h.OrganisationId),
            Campaign = h.CampaignId is { } campaign ? names.Campaign(campaign) : null,
            Statements = statementsOf[h.Id].ToList(),
        }).ToList();
    }

    /// <summary>
    /// Texts (and, in full, verification history, sources and citing statements) of these incidents: plain SQL in one
    /// batch, one round trip. These few fixed queries run for every incident read, and through EF each cost several
    /// times its database time in building, caching and materialising the query.
    /// </summary>
    private static async Task ReadDetailsAsync(BaqylauDbContext db, Guid[] ids, bool full, List<TextRow> texts, List<VerificationRow> history,
        List<SourceRow> sources, List<(Guid IncidentId, CitingStatement Statement)> statements, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch(connection);
            NpgsqlBatchCommand Add(string sql)
            {
                var command = new NpgsqlBatchCommand(sql);
                command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
                batch.BatchCommands.Add(command);
                return command;
            }

            Add(full
                ? """SELECT "IncidentId", "Culture", "Title", "Description" FROM "IncidentTranslations" WHERE "IncidentId" = ANY($1)"""
                : """SELECT "IncidentId", "Culture", "Title", '' FROM "IncidentTranslations" WHERE "IncidentId" = ANY($1)""");
            if (full)
            {
                Add("""SELECT "IncidentId", "Status", "At" FROM "IncidentVerificationEvent" WHERE "IncidentId" = ANY($1)""");
                Add("""SELECT "IncidentId", "Id", "Kind", "Url", "Title", "AccessedOn", "ArchiveUrl" FROM "IncidentSource" WHERE "IncidentId" = ANY($1)""");
                Add($"""
                    SELECT l."IncidentId", s."Id", s."PublicId", s."Status", s."PublishedAt"
                    FROM "IncidentStatements" l JOIN "Statements" s ON s."Id" = l."StatementsId"
                    WHERE l."IncidentId" = ANY($1) AND s."Status" IN ({PublicStatementStatusList})
                    """);
                Add($"""
                    SELECT DISTINCT t."StatementId", t."Culture", t."Slug", t."Title"
                    FROM "IncidentStatements" l JOIN "Statements" s ON s."Id" = l."StatementsId"
                    JOIN "StatementTranslations" t ON t."StatementId" = s."Id"
                    WHERE l."IncidentId" = ANY($1) AND s."Status" IN ({PublicStatementStatusList})
                    """);
            }

            await using var reader = await batch.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                texts.Add(new TextRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            if (!full)
                return;

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
                history.Add(new VerificationRow(reader.GetGuid(0), (VerificationStatus)reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2)));
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                sources.Add(new SourceRow(reader.GetGuid(0), reader.GetGuid(1), new PublicSource(
                    (SourceKind)reader.GetInt32(2), reader.GetString(3), NullableString(reader, 4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5), NullableString(reader, 6))));
            }

            var links = new List<(Guid IncidentId, Guid StatementId, string PublicId, StatementStatus Status, DateTimeOffset? PublishedAt)>();
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                links.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), (StatementStatus)reader.GetInt32(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
            }

            var statementTexts = new List<(Guid StatementId, CitingStatementText Text)>();
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
                statementTexts.Add((reader.GetGuid(0), new CitingStatementText(reader.GetString(1), reader.GetString(2), reader.GetString(3))));
            var textsOf = statementTexts.ToLookup(t => t.StatementId, t => t.Text);
            statements.AddRange(links.Select(l => (l.IncidentId, new CitingStatement(l.PublicId, l.Status, l.PublishedAt,
                textsOf[l.StatementId].OrderBy(t => t.Culture, StringComparer.Ordinal).ToList()))));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static readonly string PublicStatementStatusList =
        string.Join(", ", new[] { StatementStatus.Published, StatementStatus.Corrected, StatementStatus.Retracted }.Select(s => (int)s));

    private sealed record TextRow(Guid IncidentId, string Culture, string Title, string Description);

    private sealed record VerificationRow(Guid IncidentId, VerificationStatus Status, DateTimeOffset At);

    private sealed record SourceRow(Guid IncidentId, Guid Id, PublicSource Source);

    public sealed class Head
    {
        public Guid Id { get; init; }

        public required string PublicId { get; init; }

        public required FuzzyDate Occurred { get; init; }

        public DateTime? SortKey { get; init; }

        public DateTimeOffset RecordedAt { get; init; }

        public DateTimeOffset UpdatedAt { get; init; }

        public Guid CategoryId { get; init; }

        public Guid? ActorId { get; init; }

        public int? RegionId { get; init; }

        public string? Settlement { get; init; }

        public string? PollingStation { get; init; }

        public VerificationStatus Verification { get; init; }

        public Guid OrganisationId { get; init; }

        public Guid? CampaignId { get; init; }
    }
}
