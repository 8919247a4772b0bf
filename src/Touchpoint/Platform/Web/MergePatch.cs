using System.Text.Json;
using Touchpoint.Platform.Localization;

namespace Touchpoint.Platform.Web;

/// <summary>
/// The body of a PATCH (RFC 7396 JSON merge patch): an object whose members are the fields to change, where a member
/// left out stays as it is and <c>null</c> clears what may be cleared. Read strictly, in one place for every PATCH
/// endpoint: a body that is not an object, a member named twice, text that is not valid UTF-8 and a member the
/// endpoint does not know are refused with the field named — a typo must never pass as "change nothing".
/// The endpoints declare their request schema with <c>.Accepts&lt;T&gt;("application/merge-patch+json", "application/json")</c>
/// so the OpenAPI document shows it, although they read the body through here.
/// </summary>
public sealed class MergePatch
{
    private readonly Dictionary<string, JsonElement> _members;

    private MergePatch(Dictionary<string, JsonElement> members) => _members = members;

    public IReadOnlyCollection<string> Names => _members.Keys;

    public bool Has(string name) => _members.ContainsKey(name);

    /// <summary>The known members; null (with the reason) when the body is no JSON object at all. Unknown members are errors in the validation.</summary>
    public static async Task<(MergePatch? Patch, Validation Validation)> ReadAsync(HttpRequest request, IReadOnlyCollection<string> known, CancellationToken ct)
    {
        var v = new Validation();
        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, JsonBodies.Strict, ct);
        }
        catch (JsonException ex)
        {
            return (null, v.Add(JsonBodies.Field(ex), JsonBodies.Message(ex)));
        }
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, v.Add("body", Texts.Ui("Valid.JsonObject")));
        }
        if (!JsonBodies.IsValidText(body))
        {
            return (null, v.Add("body", Texts.Ui("Valid.Utf8")));
        }
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in body.EnumerateObject())
        {
            if (!known.Contains(p.Name))
            {
                v.Add(p.Name, Texts.Ui("Valid.UnknownField", string.Join(", ", known)));
                continue;
            }
            members[p.Name] = p.Value;
        }
        // Unknown members are reported together with whatever else the caller finds wrong in the known ones; the
        // caller refuses the whole patch when the validation holds any error.
        return (new MergePatch(members), v);
    }

    /// <summary>A text member; <paramref name="nullAsEmpty"/>: <c>null</c> clears it to "".</summary>
    public string? ReadText(string name, Validation v, bool nullAsEmpty = false)
    {
        var value = _members[name];
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }
        if (nullAsEmpty && value.ValueKind == JsonValueKind.Null)
        {
            return "";
        }
        v.Add(name, Texts.Ui("Valid.String"));
        return null;
    }

    /// <summary>Whether the member is JSON <c>null</c> (for fields where null means "remove").</summary>
    public bool IsNull(string name) => _members[name].ValueKind == JsonValueKind.Null;

    /// <summary>An array of texts; <paramref name="nullAsEmpty"/>: <c>null</c> empties it.</summary>
    public List<string?>? ReadTexts(string name, Validation v, bool nullAsEmpty = false)
    {
        var value = _members[name];
        if (nullAsEmpty && value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            v.Add(name, Texts.Ui("Valid.Strings"));
            return null;
        }
        return value.EnumerateArray().Select(e => e.GetString()).ToList();
    }
}
