using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The text index is an FTS5 virtual table (see SearchSql), not the plain table EF Core would make; the
            // backfill job (search.backfill) indexes existing conversations and customers after start.
            migrationBuilder.Sql(Touchpoint.Features.Search.SearchSql.SqliteCreate);

            migrationBuilder.CreateTable(
                name: "search_customer_terms",
                columns: table => new
                {
                    Term = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_customer_terms", x => new { x.Term, x.CustomerId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_orders_TrackingNumber",
                table: "orders",
                column: "TrackingNumber");

            migrationBuilder.CreateIndex(
                name: "IX_search_customer_terms_CustomerId",
                table: "search_customer_terms",
                column: "CustomerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Touchpoint.Features.Search.SearchSql.SqliteDrop);

            migrationBuilder.DropTable(
                name: "search_customer_terms");

            migrationBuilder.DropIndex(
                name: "IX_orders_TrackingNumber",
                table: "orders");
        }
    }
}
