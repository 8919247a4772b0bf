using System.Net;
using System.Net.Http.Json;
using System.Text;
using Touchpoint.Features.Orders;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Orders;

public abstract class ImportTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task Good_rows_are_stored_and_bad_rows_are_reported_by_line()
    {
        var api = await App.ApiClientAsync();
        var p = Guid.NewGuid().ToString("N")[..6];
        var csv = $"""
            number,email,name,language,status,paidAt,total,currency,placedAt,carrier,trackingNumber,city,country
            C{p}-1,ok1@example.com,Jan Nowak,pl,shipped,2026-11-01T10:00:00Z,120.50,PLN,2026-11-01T09:00:00Z,InPost,123,Kraków,PL
            C{p}-2,not-an-email,Bad Email,pl,,,10,PLN,,,,,
            C{p}-3,ok3@example.com,"Smith, John",en,teleported,,10,GBP,,,,,
            C{p}-4,ok4@example.com,Olga,ru,,,abc,RUB,,,,,
            C{p}-5,ok5@example.com,Ann,en,delivered,,99.90,EUR,,,,,
            """;
        var response = await api.PostAsync("/api/v1/orders/import", Csv(csv), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<ImportReport>(Ct);
        Assert.Equal(5, report!.Rows);
        Assert.Equal(2, report.Created);
        Assert.Equal(3, report.Failed);
        Assert.Equal([3, 4, 5], report.Errors.Select(e => e.Row).Order());
        Assert.Contains(report.Errors, e => e.Number == $"C{p}-2" && e.Errors.Any(m => m.StartsWith("customer.email", StringComparison.Ordinal)));
        Assert.Contains(report.Errors, e => e.Number == $"C{p}-3" && e.Errors.Any(m => m.Contains("teleported", StringComparison.Ordinal)));
        Assert.Contains(report.Errors, e => e.Number == $"C{p}-4" && e.Errors.Any(m => m.StartsWith("total", StringComparison.Ordinal)));

        var first = await api.GetOrderAsync($"C{p}-1");
        Assert.Equal("shipped", first["status"]!.GetValue<string>());
        Assert.True(first["paid"]!.GetValue<bool>());
        Assert.Equal(120.50m, first["total"]!.GetValue<decimal>());
        // A bulk load of past orders does not mail customers unless asked to.
        Assert.Empty(first["notifications"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/orders/C{p}-2", Ct)).StatusCode);

        // The same file again changes nothing.
        var again = await (await api.PostAsync("/api/v1/orders/import", Csv(csv), Ct)).Content.ReadFromJsonAsync<ImportReport>(Ct);
        Assert.Equal(0, again!.Created);
        Assert.Equal(0, again.Updated);
        Assert.Equal(2, again.Unchanged);
        var firstAgain = await api.GetOrderAsync($"C{p}-1");
        Assert.Equal(first["history"]!.AsArray().Count, firstAgain["history"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_file_without_the_required_columns_is_refused_whole()
    {
        var api = await App.ApiClientAsync();
        var report = await (await api.PostAsync("/api/v1/orders/import", Csv("id,mail\n1,a@example.com\n"), Ct)).Content.ReadFromJsonAsync<ImportReport>(Ct);
        Assert.Equal(0, report!.Created);
        Assert.Contains("number", report.Errors.Single().Errors.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_accepts_a_multipart_file_and_can_notify()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber("MP");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent($"number,email,language\n{number},mp@example.com,en\n", Encoding.UTF8, "text/csv"), "file", "orders.csv");
        var report = await (await api.PostAsync("/api/v1/orders/import?notify=true", form, Ct)).Content.ReadFromJsonAsync<ImportReport>(Ct);
        Assert.Equal(1, report!.Created);
        Assert.Single((await api.GetOrderAsync(number))["notifications"]!.AsArray());
    }

    [Fact]
    public async Task Import_without_a_file_is_a_validation_problem()
    {
        var api = await App.ApiClientAsync();
        using var form = new MultipartFormDataContent { { new StringContent("x"), "note" } };
        var response = await api.PostAsync("/api/v1/orders/import", form, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await Api.ReadAsync(response))!["errors"]!["file"]);
        var json = await api.PostAsync("/api/v1/orders/import", new StringContent("{}", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
    }
}

public sealed class ImportSqliteTests(SqliteApp app) : ImportTests(app), IClassFixture<SqliteApp>;

public sealed class ImportPostgresTests(PostgresApp app) : ImportTests(app), IClassFixture<PostgresApp>;
