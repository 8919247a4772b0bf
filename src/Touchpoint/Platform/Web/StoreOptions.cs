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

    private TimeZoneInfo? _zone;

    public TimeZoneInfo Zone => _zone ??= TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var z) ? z : TimeZoneInfo.Utc;

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);
}
