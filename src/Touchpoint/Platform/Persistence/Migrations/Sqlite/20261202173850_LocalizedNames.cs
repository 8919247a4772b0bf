using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql("""UPDATE topics SET "Name" = json_object('en', "NameEn", 'pl', "NamePl", 'ru', "NameRu")""");

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
                    type: "TEXT",
                    maxLength: 100,
                    nullable: false,
                    defaultValue: "");
            }

            migrationBuilder.Sql("""UPDATE topics SET "NameEn" = coalesce(json_extract("Name", '$.en'), ''), "NamePl" = coalesce(json_extract("Name", '$.pl'), ''), "NameRu" = coalesce(json_extract("Name", '$.ru'), '')""");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "topics");
        }
    }
}
