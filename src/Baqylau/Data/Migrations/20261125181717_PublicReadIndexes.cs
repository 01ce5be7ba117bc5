using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Baqylau.Data.Migrations
{
    /// <inheritdoc />
    public partial class PublicReadIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_StatementTranslations_Slug",
                table: "StatementTranslations",
                column: "Slug");

            migrationBuilder.CreateIndex(
                name: "IX_StatementSlugHistory_Slug",
                table: "StatementSlugHistory",
                column: "Slug");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StatementTranslations_Slug",
                table: "StatementTranslations");

            migrationBuilder.DropIndex(
                name: "IX_StatementSlugHistory_Slug",
                table: "StatementSlugHistory");
        }
    }
}
