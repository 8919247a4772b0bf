using System.Collections.Frozen;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Web;

namespace Touchpoint.Tests.Orders;

public sealed class OrderStateMachineTests
{
    private static readonly DateTime Now = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    private static Order NewOrder() => Order.Place("N-1",
        new OrderDetails("a@example.com", "A", null, "en", [], 10m, "EUR", new Address(), null, null), Guid.NewGuid(), Now, Now, "test");

    /// <summary>Brings a new order to <paramref name="status"/> along the legal path.</summary>
    private static Order At(OrderStatus status)
    {
        var order = NewOrder();
        if (status == OrderStatus.Placed)
        {
            return order;
        }
        if (status == OrderStatus.Cancelled)
        {
            order.MoveTo(OrderStatus.Cancelled, Now, Now, "t", null, null);
            return order;
        }
        if (status == OrderStatus.Returned)
        {
            order.MoveTo(OrderStatus.Delivered, Now, Now, "t", null, null);
            order.MoveTo(OrderStatus.Returned, Now, Now, "t", null, null);
            return order;
        }
        order.MoveTo(status, Now, Now, "t", null, null);
        return order;
    }

    private static readonly OrderStatus[] All = Enum.GetValues<OrderStatus>();

    public static TheoryData<OrderStatus, OrderStatus> EveryPair()
    {
        var data = new TheoryData<OrderStatus, OrderStatus>();
        foreach (var from in All)
        {
            foreach (var to in All)
            {
                data.Add(from, to);
            }
        }
        return data;
    }

    private static bool IsLegal(OrderStatus from, OrderStatus to) => (from, to) switch
    {
        (OrderStatus.Cancelled or OrderStatus.Returned, _) => false,
        (_, OrderStatus.Cancelled) => from.Rank() < OrderStatus.Shipped.Rank(),
        (_, OrderStatus.Returned) => from == OrderStatus.Delivered,
        _ => to.Rank() > from.Rank(),
    };

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Every_move_is_allowed_or_refused_by_the_rules(OrderStatus from, OrderStatus to)
    {
        var order = At(from);
        var before = order.History.Count;
        if (IsLegal(from, to))
        {
            order.MoveTo(to, Now.AddHours(1), Now.AddHours(1), "t", "e", null);
            Assert.Equal(to, order.Status);
            Assert.Equal(before + 1, order.History.Count);
        }
        else
        {
            var error = Assert.Throws<DomainRuleException>(() => order.MoveTo(to, Now, Now, "t", "e", null));
            Assert.Contains(order.Number, error.Message, StringComparison.Ordinal);
            Assert.Equal(from, order.Status);
            Assert.Equal(before, order.History.Count);
        }
    }

    [Fact]
    public void Forward_moves_may_skip_stages()
    {
        var order = NewOrder();
        order.MoveTo(OrderStatus.Shipped, Now, Now, "t", null, null, "DPD", "123");
        Assert.Equal(OrderStatus.Shipped, order.Status);
        Assert.Equal("DPD", order.Carrier);
        Assert.Equal("123", order.TrackingNumber);
    }

    [Theory]
    [InlineData(OrderStatus.Placed)]
    [InlineData(OrderStatus.Accepted)]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Delivered)]
    public void Paid_may_come_at_any_point_before_the_order_ends(OrderStatus status)
    {
        var order = At(status);
        order.MarkPaid(Now, Now, "t", "p", null);
        Assert.True(order.IsPaid);
    }

    [Fact]
    public void Paid_twice_is_refused()
    {
        var order = NewOrder();
        order.MarkPaid(Now, Now, "t", "p1", null);
        var error = Assert.Throws<DomainRuleException>(() => order.MarkPaid(Now, Now, "t", "p2", null));
        Assert.Contains("already paid", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OrderStatus.Cancelled)]
    [InlineData(OrderStatus.Returned)]
    public void Nothing_is_paid_after_the_order_ended(OrderStatus status)
    {
        var order = At(status);
        Assert.Throws<DomainRuleException>(() => order.MarkPaid(Now, Now, "t", "p", null));
    }

    [Fact]
    public void Moves_and_payment_raise_events()
    {
        var order = NewOrder();
        order.MoveTo(OrderStatus.Accepted, Now, Now, "t", null, null);
        order.MarkPaid(Now, Now, "t", null, null);
        var events = order.TakeEvents();
        Assert.IsType<OrderPlaced>(events[0]);
        var changed = Assert.IsType<OrderStatusChanged>(events[1]);
        Assert.Equal((OrderStatus.Placed, OrderStatus.Accepted), (changed.From, changed.To));
        Assert.IsType<OrderPaid>(events[2]);
    }

    [Fact]
    public void A_stage_past_its_target_is_delayed_and_noticed_once()
    {
        var targets = new StageTargets(new Dictionary<OrderStatus, TimeSpan> { [OrderStatus.Placed] = TimeSpan.FromHours(4) }.ToFrozenDictionary());
        var order = NewOrder();
        Assert.False(order.IsDelayed(targets, Now.AddHours(3)));
        Assert.False(order.MarkDelayed(targets, Now.AddHours(3)));
        Assert.True(order.IsDelayed(targets, Now.AddHours(5)));
        Assert.True(order.MarkDelayed(targets, Now.AddHours(5)));
        Assert.False(order.MarkDelayed(targets, Now.AddHours(6)));
        Assert.Single(order.TakeEvents().OfType<OrderDelayed>());
    }

    [Fact]
    public void Final_and_delivered_orders_are_never_delayed()
    {
        var targets = new StageTargets(OrdersOptions.Defaults.ToFrozenDictionary());
        Assert.False(At(OrderStatus.Delivered).IsDelayed(targets, Now.AddYears(1)));
        Assert.False(At(OrderStatus.Cancelled).IsDelayed(targets, Now.AddYears(1)));
    }

    [Theory]
    [InlineData("placed", true)]
    [InlineData("delivered", true)]
    [InlineData("Shipped", false)]
    [InlineData("paid", false)]
    [InlineData("1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Wire_statuses_are_lower_case_names(string? text, bool valid) =>
        Assert.Equal(valid, OrderStatuses.TryParse(text, out _));
}
