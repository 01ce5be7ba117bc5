using System.Data.Common;
using Baqylau.Data;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Auditing;

/// <summary>The first entry whose stored hash does not match, or whose link to the one before is broken.</summary>
public sealed record AuditChainBreak(long EntryId, long ChainIndex, string Reason);

/// <summary>The result of checking the whole audit chain.</summary>
public sealed record AuditChainReport(long Entries, string? HeadHash, AuditChainBreak? FirstBreak)
{
    public bool Intact => FirstBreak is null;
}

/// <summary>
/// Audit entries are hash-chained in the database: a BEFORE INSERT trigger takes a transaction-scoped advisory
/// lock (so concurrent writers append one after another), reads the last entry's hash and sets ChainIndex,
/// PreviousHash and Hash = SHA-256 over a JSON array of the previous hash and the entry's fields. UPDATE and DELETE
/// are refused by a second trigger. <see cref="VerifyAsync"/> recomputes every hash with the same SQL function and
/// names the first entry that does not fit.
/// </summary>
public static class AuditChain
{
    public const string TriggerName = "audit_entries_chain";
    /// <summary>The advisory lock key used in the trigger ("BAQAUDIT" as bytes).</summary>
    public const long AdvisoryLockKey = 0x42_41_51_41_55_44_49_54;

    /// <summary>Functions and triggers, created by the Issue6AuditChain migration.</summary>
    public const string InstallSql = """
        CREATE OR REPLACE FUNCTION baqylau_audit_hash(prev text, idx bigint, at timestamptz, user_id uuid, user_name text,
            entity_type text, entity_id text, action integer, changes jsonb) RETURNS text
        LANGUAGE sql IMMUTABLE AS $$
            SELECT encode(sha256(convert_to(jsonb_build_array(coalesce(prev, ''), idx,
                to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), user_id, user_name, entity_type, entity_id,
                action, changes)::text, 'UTF8')), 'hex')
        $$;

        CREATE OR REPLACE FUNCTION baqylau_audit_append() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
            last_index bigint;
            last_hash text;
        BEGIN
            PERFORM pg_advisory_xact_lock(4774186421034699092);
            SELECT "ChainIndex", "Hash" INTO last_index, last_hash FROM "AuditEntries" ORDER BY "ChainIndex" DESC LIMIT 1;
            NEW."ChainIndex" := coalesce(last_index, 0) + 1;
            NEW."PreviousHash" := coalesce(last_hash, '');
            NEW."Hash" := baqylau_audit_hash(NEW."PreviousHash", NEW."ChainIndex", NEW."At", NEW."UserId", NEW."UserName",
                NEW."EntityType", NEW."EntityId", NEW."Action", NEW."Changes");
            RETURN NEW;
        END
        $$;

        CREATE OR REPLACE FUNCTION baqylau_audit_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'AuditEntries is append-only';
        END
        $$;
        """;

    public const string UninstallSql = """
        DROP TRIGGER IF EXISTS audit_entries_append_only ON "AuditEntries";
        DROP TRIGGER IF EXISTS audit_entries_chain ON "AuditEntries";
        DROP FUNCTION IF EXISTS baqylau_audit_append_only();
        DROP FUNCTION IF EXISTS baqylau_audit_append();
        DROP FUNCTION IF EXISTS baqylau_audit_hash(text, bigint, timestamptz, uuid, text, text, text, integer, jsonb);
        """;

    /// <summary>Chains the entries written before the migration (in id order), then installs the triggers.</summary>
    public const string BackfillAndTriggersSql = """
        DO $$
        DECLARE
            r record;
            prev text := '';
            idx bigint := 0;
        BEGIN
            FOR r IN SELECT * FROM "AuditEntries" ORDER BY "Id" LOOP
                idx := idx + 1;
                UPDATE "AuditEntries" SET "ChainIndex" = idx, "PreviousHash" = prev,
                    "Hash" = baqylau_audit_hash(prev, idx, r."At", r."UserId", r."UserName", r."EntityType", r."EntityId", r."Action", r."Changes")
                WHERE "Id" = r."Id" RETURNING "Hash" INTO prev;
            END LOOP;
        END
        $$;

        CREATE TRIGGER audit_entries_chain BEFORE INSERT ON "AuditEntries"
            FOR EACH ROW EXECUTE FUNCTION baqylau_audit_append();
        CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON "AuditEntries"
            FOR EACH ROW EXECUTE FUNCTION baqylau_audit_append_only();
        """;

    /// <summary>Recomputes every hash in chain order; returns the first broken link, if any.</summary>
    public static async Task<AuditChainReport> VerifyAsync(BaqylauDbContext db, CancellationToken ct = default)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
            await connection.OpenAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            // Streams the table once; lag() gives the stored hash of the entry before, to check the link.
            command.CommandText = """
                SELECT "Id", "ChainIndex", "PreviousHash", "Hash",
                       lag("Hash") OVER (ORDER BY "ChainIndex") AS before_hash,
                       lag("ChainIndex") OVER (ORDER BY "ChainIndex") AS before_index,
                       baqylau_audit_hash("PreviousHash", "ChainIndex", "At", "UserId", "UserName", "EntityType", "EntityId", "Action", "Changes") AS computed
                FROM "AuditEntries" ORDER BY "ChainIndex"
                """;
            await using var reader = await command.ExecuteReaderAsync(ct);
            long count = 0;
            string? head = null;
            while (await reader.ReadAsync(ct))
            {
                count++;
                var id = reader.GetInt64(0);
                var index = reader.GetInt64(1);
                var previous = Text(reader, 2);
                var hash = Text(reader, 3);
                var beforeHash = Text(reader, 4);
                long? beforeIndex = reader.IsDBNull(5) ? null : reader.GetInt64(5);
                var computed = Text(reader, 6);
                var expectedIndex = (beforeIndex ?? 0) + 1;
                string? reason = null;
                if (index != expectedIndex)
                    reason = $"chain position {index} follows {beforeIndex ?? 0}: an entry is missing";
                else if (previous != (beforeHash ?? string.Empty))
                    reason = "its link to the entry before does not match";
                else if (hash != computed)
                    reason = "its content does not match its hash";
                if (reason is not null)
                    return new AuditChainReport(count, head, new AuditChainBreak(id, index, reason));
                head = hash;
            }

            return new AuditChainReport(count, head, null);
        }
        finally
        {
            if (opened)
                await connection.CloseAsync();
        }
    }

    private static string? Text(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
}
