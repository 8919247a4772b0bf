using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    /// <summary>
    /// Topic names move from a column per language to one localized text (see LocalizedText): the store's own names
    /// are copied over before the old columns go, so renamed topics keep their names.
    /// </summary>
    public partial class LocalizedNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "topics",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql("""UPDATE topics SET "Name" = json_build_object('en', "NameEn", 'pl', "NamePl", 'ru', "NameRu")::text""");

            migrationBuilder.DropColumn(
                name: "NameEn",
                table: "topics");

            migrationBuilder.DropColumn(
                name: "NamePl",
                table: "topics");

            migrationBuilder.DropColumn(
                name: "NameRu",
                table: "topics");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var column in new[] { "NameEn", "NamePl", "NameRu" })
            {
                migrationBuilder.AddColumn<string>(
                    name: column,
                    table: "topics",
                    type: "character varying(100)",
                    maxLength: 100,
                    nullable: false,
                    defaultValue: "");
            }

            migrationBuilder.Sql("""UPDATE topics SET "NameEn" = coalesce("Name"::json->>'en', ''), "NamePl" = coalesce("Name"::json->>'pl', ''), "NameRu" = coalesce("Name"::json->>'ru', '')""");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "topics");
        }
    }
}
