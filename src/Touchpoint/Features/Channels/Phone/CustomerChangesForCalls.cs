using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Customers;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Channels.Phone;

/// <summary>Calls follow their customer: to the survivor of a merge; on erasure the numbers and recording links go.</summary>
internal sealed class CustomerChangesForCalls(TouchpointDb db) : IDomainEventHandler<CustomersMerged>, IDomainEventHandler<CustomerErased>
{
    public Task HandleAsync(CustomersMerged e, CancellationToken ct) =>
        db.Set<PhoneCall>().Where(c => c.CustomerId == e.DuplicateId).ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerId, e.SurvivorId), ct);

    /// <summary>The call stays for the counts (when, how long, who took it); who called and what was said do not.</summary>
    public Task HandleAsync(CustomerErased e, CancellationToken ct) =>
        db.Set<PhoneCall>().Where(c => c.CustomerId == e.CustomerId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.From, (string?)null)
            .SetProperty(c => c.RecordingUrl, (string?)null)
            .SetProperty(c => c.VoicemailUrl, (string?)null), ct);
}
