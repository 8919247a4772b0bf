using Touchpoint.Features.Conversations;
using Touchpoint.Features.Conversations.Pages;
using Touchpoint.Features.Reporting.Pages;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Jobs;

namespace Touchpoint.Features.Reporting;

public sealed class MetricsOptions
{
    /// <summary>A contact of the same customer about the same order (or topic) this long after a resolve makes it a repeat.</summary>
    public TimeSpan RepeatWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often finished days are looked for to fold into the FCR roll-up.</summary>
    public TimeSpan RollupInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many conversations the per-conversation CSV reads per query.</summary>
    public int ExportBatchSize { get; set; } = 500;

    public bool IsValid() =>
        ExportBatchSize >= 1 && ExportBatchSize <= 10_000 &&
        RepeatWindow >= TimeSpan.FromHours(1) && RepeatWindow <= TimeSpan.FromDays(90)
        && RollupInterval >= TimeSpan.FromSeconds(1) && RollupInterval <= TimeSpan.FromDays(1);
}

/// <summary>Service metrics computed from the facts: first-contact resolution and one-touch (repeat links, daily roll-up, report).</summary>
public static class ReportingModule
{
    public static WebApplicationBuilder AddReporting(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().BindConfiguration("Touchpoint:Metrics")
            .Validate(o => o.IsValid(), "Touchpoint:Metrics is not valid: RepeatWindow 1 hour–90 days, RollupInterval 1 s–1 day, ExportBatchSize 1–10000.")
            .ValidateOnStart();
        services.AddScoped<RecordRepeatContacts>();
        services.AddScoped<IDomainEventHandler<ConversationCreated>>(sp => sp.GetRequiredService<RecordRepeatContacts>());
        services.AddScoped<IDomainEventHandler<ConversationTopicChanged>>(sp => sp.GetRequiredService<RecordRepeatContacts>());
        services.AddScoped<IDomainEventHandler<ConversationStatusChanged>>(sp => sp.GetRequiredService<RecordRepeatContacts>());
        services.AddScoped<ReportingQueries>();
        services.AddScoped<IConversationFacets>(sp => sp.GetRequiredService<ReportingQueries>());
        services.AddPeriodicJob<FcrRollup>(builder.Configuration.GetValue("Touchpoint:Metrics:RunRollup", true));
        services.AddConversationPanel<RepeatContactPanel>(ConversationSlot.Header, order: 20);
        return builder;
    }

    public static WebApplication MapReporting(this WebApplication app)
    {
        app.MapReportingApi();
        return app;
    }
}
