using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Orders;

public abstract class DelayTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<int> DelayNoticesAsync(TouchpointApp app, string number)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var id = await db.Set<Order>().Where(o => o.Number == number).Select(o => o.Id).SingleAsync(Ct);
        return await db.Set<OutboxMessage>().CountAsync(m => m.SubjectId == id && m.Kind == "order.delayed", Ct);
    }

    [Fact]
    public async Task An_order_that_overstays_its_stage_gets_one_notice_per_stage()
    {
        var api = await App.ApiClientAsync();
        var number = Api.NewNumber("D");
        await api.PutOrderAsync(number);
        await App.SweepDelaysAsync();
        Assert.Equal(0, await DelayNoticesAsync(App, number));
        Assert.False((await api.GetOrderAsync(number))["delayed"]!.GetValue<bool>());

        App.Clock.Advance(OrdersOptions.Defaults[OrderStatus.Placed] + TimeSpan.FromMinutes(1));
        Assert.True((await api.GetOrderAsync(number))["delayed"]!.GetValue<bool>());
        await App.SweepDelaysAsync();
        await App.SweepDelaysAsync();
        Assert.Equal(1, await DelayNoticesAsync(App, number));

        // The next stage has its own clock and its own single notice.
        await api.PostEventAsync(number, "accepted");
        Assert.False((await api.GetOrderAsync(number))["delayed"]!.GetValue<bool>());
        App.Clock.Advance(OrdersOptions.Defaults[OrderStatus.Accepted] + TimeSpan.FromMinutes(1));
        await App.SweepDelaysAsync();
        await App.SweepDelaysAsync();
        Assert.Equal(2, await DelayNoticesAsync(App, number));
        var order = await api.GetOrderAsync(number);
        Assert.Equal(2, order["history"]!.AsArray().Count(h => h!["kind"]!.GetValue<string>() == "delayed"));
    }

    [Fact]
    public async Task Two_instances_sweeping_one_database_never_double_fire()
    {
        var api = await App.ApiClientAsync();
        var numbers = Enumerable.Range(0, 30).Select(_ => Api.NewNumber("DD")).ToList();
        foreach (var n in numbers)
        {
            await api.PutOrderAsync(n);
        }
        await using var second = new TouchpointApp(App.Provider, App.Database);
        await second.InitializeAsync();
        var later = (App.Clock.GetUtcNow() > second.Clock.GetUtcNow() ? App.Clock.GetUtcNow() : second.Clock.GetUtcNow()).AddDays(30);
        App.Clock.SetUtcNow(later);
        second.Clock.SetUtcNow(later);
        // Different lease holders, at the same moment, on the same database.
        await Task.WhenAll(App.SweepDelaysAsync("instance-a"), second.SweepDelaysAsync("instance-b"), App.SweepDelaysAsync("instance-a"));
        await second.SweepDelaysAsync("instance-b");
        foreach (var n in numbers)
        {
            Assert.Equal(1, await DelayNoticesAsync(App, n));
        }
    }
}

public sealed class DelaySqliteTests(SqliteApp app) : DelayTests(app), IClassFixture<SqliteApp>;

public sealed class DelayPostgresTests(PostgresApp app) : DelayTests(app), IClassFixture<PostgresApp>;
