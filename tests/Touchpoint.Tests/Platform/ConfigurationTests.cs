using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Platform;

/// <summary>Bad settings stop the start with a message that names the setting, instead of failing later.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Touchpoint:Store:TimeZone", "Mars/Olympus", "Touchpoint:Store:TimeZone")]
    [InlineData("Touchpoint:Tracking:CacheFor", "-00:00:01", "Touchpoint:Tracking")]
    [InlineData("Touchpoint:Orders:StageTargets:teleported", "01:00:00", "Touchpoint:Orders:StageTargets")]
    [InlineData("Touchpoint:Orders:StageTargets:packed", "-01:00:00", "Touchpoint:Orders:StageTargets")]
    [InlineData("Touchpoint:Webhooks:Url", "ftp://store.example/hook", "Touchpoint:Webhooks:Url")]
    [InlineData("Touchpoint:PublicBaseUrl", "not a url", "PublicBaseUrl")]
    public async Task Bad_configuration_stops_the_start_with_the_reason(string key, string value, string expected)
    {
        await using var app = new TouchpointApp().With(key, value);
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await app.InitializeAsync());
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }
}
