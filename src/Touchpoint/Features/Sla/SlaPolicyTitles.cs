using Touchpoint.Features.Conversations;

namespace Touchpoint.Features.Sla;

/// <summary>The policy's title in the reader's language from the in-memory setup (the key when the policy is gone or has none).</summary>
public sealed class SlaPolicyTitles(SlaCatalog catalog) : ISlaPolicyTitles
{
    public async ValueTask<string> TitleAsync(string policy, string language, CancellationToken ct) =>
        (await catalog.GetAsync(ct)).Policy(policy)?.Shown(language) ?? policy;
}
