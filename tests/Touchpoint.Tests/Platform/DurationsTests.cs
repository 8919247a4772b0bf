using Touchpoint.Platform.Localization;

namespace Touchpoint.Tests.Platform;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("en", 45, false, "45 s")]
    [InlineData("en", 30 * 60, false, "30 min")]
    [InlineData("en", 90 * 60, false, "1 h 30 min")]
    [InlineData("en", 49 * 3600, false, "49 h")]
    [InlineData("en", 48 * 3600, false, "2 d")]
    [InlineData("en", 49 * 3600, true, "2 d")]
    [InlineData("en", 47 * 3600 + 5 * 60, true, "47 h 5 min")]
    [InlineData("ru", 3 * 86400, false, "3 дн.")]
    [InlineData("ru", 3600, false, "1 ч")]
    [InlineData("pl", 90 * 60, false, "1 godz. 30 min")]
    [InlineData("pl", 5 * 86400, true, "5 dni")]
    [InlineData("en", -5, false, "0 s")]
    public void A_length_of_time_reads_the_same_on_every_page(string language, long seconds, bool rounded, string expected) =>
        Assert.Equal(expected, Durations.Text(language, seconds, rounded));
}
