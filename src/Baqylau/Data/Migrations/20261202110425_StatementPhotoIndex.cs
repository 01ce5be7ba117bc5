using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Baqylau.Data.Migrations
{
    /// <inheritdoc />
    public partial class StatementPhotoIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Statements_PhotoPath",
                table: "Statements",
                column: "PhotoPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Statements_PhotoPath",
                table: "Statements");
        }
    }
}
