using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Baqylau.Data.Migrations
{
    /// <inheritdoc />
    public partial class PublicListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Statements_Public_PublishedAt_Id",
                table: "Statements",
                columns: new[] { "PublishedAt", "Id" },
                filter: "\"Status\" IN (2, 3, 4)");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Visibility_RecordedAt_Id",
                table: "Incidents",
                columns: new[] { "Visibility", "RecordedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Statements_Public_PublishedAt_Id",
                table: "Statements");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_Visibility_RecordedAt_Id",
                table: "Incidents");
        }
    }
}
