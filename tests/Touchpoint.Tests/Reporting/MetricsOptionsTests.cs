using Touchpoint.Features.Reporting;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Reporting;

/// <summary><c>Touchpoint:Metrics</c> is checked at start: a bad repeat window stops the app with the setting's name.</summary>
public sealed class MetricsOptionsTests
{
    [Theory]
    [InlineData("7.00:00:00", true)]
    [InlineData("01:00:00", true)]
    [InlineData("90.00:00:00", true)]
    [InlineData("00:59:59", false)]
    [InlineData("90.00:00:01", false)]
    [InlineData("-1.00:00:00", false)]
    public void The_repeat_window_is_an_hour_to_ninety_days(string window, bool valid) =>
        Assert.Equal(valid, new MetricsOptions { RepeatWindow = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture) }.IsValid());

    [Fact]
    public void The_default_window_is_seven_days() => Assert.Equal(TimeSpan.FromDays(7), new MetricsOptions().RepeatWindow);

    [Fact]
    public async Task A_bad_repeat_window_stops_the_start_with_the_reason()
    {
        await using var app = new TouchpointApp().With("Touchpoint:Metrics:RepeatWindow", "00:00:05");
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await app.InitializeAsync());
        Assert.Contains("Touchpoint:Metrics", error.ToString(), StringComparison.Ordinal);
    }
}
