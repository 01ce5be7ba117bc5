using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Baqylau.Data.Migrations
{
    /// <inheritdoc />
    public partial class StatementSlugHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StatementSlugHistory",
                columns: table => new
                {
                    Culture = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Slug = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    StatementId = table.Column<Guid>(type: "uuid", nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatementSlugHistory", x => new { x.Culture, x.Slug });
                    table.ForeignKey(
                        name: "FK_StatementSlugHistory_Statements_StatementId",
                        column: x => x.StatementId,
                        principalTable: "Statements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StatementSlugHistory_StatementId",
                table: "StatementSlugHistory",
                column: "StatementId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StatementSlugHistory");
        }
    }
}
