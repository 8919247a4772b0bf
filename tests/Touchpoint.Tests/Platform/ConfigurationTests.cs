using Microsoft.Extensions.Configuration;
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

/// <summary>Where links in mails and API answers point (<c>Touchpoint:PublicBaseUrl</c>, <see cref="Touchpoint.Platform.Web.PublicAddress"/>).</summary>
public sealed class PublicAddressTests
{
    private static Microsoft.Extensions.Configuration.IConfiguration Config(params (string Key, string Value)[] values) =>
        new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private sealed class Environment(string name) : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Touchpoint";
        public string ContentRootPath { get; set; } = "/";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }

    [Theory]
    [InlineData("http://localhost:5080", "http://localhost:5080")]
    [InlineData("http://0.0.0.0:8080", "http://localhost:8080")]
    [InlineData("http://+:9000;https://+:9443", "http://localhost:9000")]
    [InlineData("http://[::]:7000/", "http://localhost:7000")]
    public void In_development_links_follow_the_address_the_app_listens_on(string urls, string expected) =>
        Assert.Equal(expected, Touchpoint.Platform.Web.PublicAddress.Resolve(Config(("urls", urls)), new Environment("Development")));

    [Fact]
    public void A_configured_address_wins_and_production_never_guesses()
    {
        Assert.Equal("https://help.shop.example", Touchpoint.Platform.Web.PublicAddress.Resolve(
            Config(("urls", "http://0.0.0.0:8080"), ("Touchpoint:PublicBaseUrl", "https://help.shop.example/")), new Environment("Production")));
        Assert.Null(Touchpoint.Platform.Web.PublicAddress.Resolve(Config(("urls", "http://0.0.0.0:8080")), new Environment("Production")));
    }
}
