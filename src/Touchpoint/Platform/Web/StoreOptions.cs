using System.ComponentModel.DataAnnotations;

namespace Touchpoint.Platform.Web;

/// <summary>The store Touchpoint serves: its name in messages and pages, and the time zone its customers read times in.</summary>
public sealed class StoreOptions
{
    [Required, StringLength(100)]
    public string Name { get; set; } = "Demo Store";

    /// <summary>IANA id, e.g. Europe/Warsaw.</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/Warsaw";

    /// <summary>ISO 3166 code, e.g. PL: phone numbers written without a country code are read as this country's.</summary>
    [Required, RegularExpression("^[A-Z]{2}$", ErrorMessage = "Touchpoint:Store:Country must be a two-letter ISO 3166 code in capitals, e.g. PL.")]
    public string Country { get; set; } = "PL";

    private TimeZoneInfo? _zone;

    public TimeZoneInfo Zone => _zone ??= TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var z) ? z : TimeZoneInfo.Utc;

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);
}
