using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Baqylau.Data.Migrations
{
    /// <inheritdoc />
    public partial class IncidentTimelineKey : Migration
    {
        // What the public timeline's counts, charts and filter choices are made of.
        private static readonly string[] VersionedTables =
            ["Incidents", "IncidentTranslations", "IncidentCategories", "IncidentActors", "Regions", "Campaigns", "Organisations"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Incidents_Visibility_OccurredSortKey_Id",
                table: "Incidents");

            migrationBuilder.AddColumn<DateTime>(
                name: "TimelineKey",
                table: "Incidents",
                type: "timestamp without time zone",
                nullable: false,
                computedColumnSql: "COALESCE(\"OccurredSortKey\", TIMESTAMP '1000-01-01 00:00:00')",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Visibility_TimelineKey_Id",
                table: "Incidents",
                columns: new[] { "Visibility", "TimelineKey", "Id" });

            // One row whose version rises, in the same transaction, with any change that can move the public
            // timeline's totals, charts or filter choices; IncidentAggregateCache keys its entries on it.
            migrationBuilder.Sql("""
                CREATE TABLE "PublicDataVersions" ("Id" integer PRIMARY KEY CHECK ("Id" = 1), "Version" bigint NOT NULL);
                INSERT INTO "PublicDataVersions" VALUES (1, 1);
                CREATE FUNCTION baqylau_bump_public_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "PublicDataVersions" SET "Version" = "Version" + 1 WHERE "Id" = 1;
                    RETURN NULL;
                END $$;
                """);
            foreach (var table in VersionedTables)
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER baqylau_public_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}"
                    FOR EACH STATEMENT EXECUTE FUNCTION baqylau_bump_public_data_version();
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in VersionedTables)
                migrationBuilder.Sql($"DROP TRIGGER baqylau_public_data_version ON \"{table}\";");
            migrationBuilder.Sql("""DROP FUNCTION baqylau_bump_public_data_version(); DROP TABLE "PublicDataVersions";""");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_Visibility_TimelineKey_Id",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "TimelineKey",
                table: "Incidents");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Visibility_OccurredSortKey_Id",
                table: "Incidents",
                columns: new[] { "Visibility", "OccurredSortKey", "Id" });
        }
    }
}
