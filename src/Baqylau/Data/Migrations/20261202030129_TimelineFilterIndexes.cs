using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Baqylau.Data.Migrations
{
    /// <inheritdoc />
    public partial class TimelineFilterIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Visibility_CategoryId_TimelineKey_Id",
                table: "Incidents",
                columns: new[] { "Visibility", "CategoryId", "TimelineKey", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Visibility_RegionId_TimelineKey_Id",
                table: "Incidents",
                columns: new[] { "Visibility", "RegionId", "TimelineKey", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Incidents_Visibility_CategoryId_TimelineKey_Id",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_Visibility_RegionId_TimelineKey_Id",
                table: "Incidents");
        }
    }
}
