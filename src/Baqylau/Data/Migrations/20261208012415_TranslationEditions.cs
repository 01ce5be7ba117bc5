using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Baqylau.Data.Migrations
{
    /// <inheritdoc />
    public partial class TranslationEditions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Edition",
                table: "StatementTranslations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Existing texts keep the verdict the old time rule gave them: a language edited more than an hour
            // before the other's last edit starts one edition behind; the rest start in step.
            migrationBuilder.Sql("""
                UPDATE "StatementTranslations" AS t
                SET "Edition" = CASE WHEN t."UpdatedAt" < m.newest - INTERVAL '1 hour' THEN 1 ELSE 2 END
                FROM (SELECT "StatementId", MAX("UpdatedAt") AS newest FROM "StatementTranslations" GROUP BY "StatementId") AS m
                WHERE m."StatementId" = t."StatementId";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Edition",
                table: "StatementTranslations");
        }
    }
}
