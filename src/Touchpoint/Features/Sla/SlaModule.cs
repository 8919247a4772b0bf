using Touchpoint.Platform.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Sla;

public sealed class SlaOptions
{
    /// <summary>How often warnings, breaches and hard limits are looked for.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Publish the promises and the last 30 days' results at <c>/service</c> (off until the service owner decides to).</summary>
    public bool PublishServicePage { get; set; }
}

public static class SlaModule
{
    public static WebApplicationBuilder AddSla(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SlaOptions>().BindConfiguration("Touchpoint:Sla")
            .Validate(o => o.SweepInterval >= TimeSpan.FromSeconds(1) && o.SweepInterval <= TimeSpan.FromHours(1), "Touchpoint:Sla:SweepInterval must be between 1 second and 1 hour.")
            .ValidateOnStart();
        services.AddSingleton<SlaCatalog>();
        services.AddSingleton<ISlaPolicyTitles, SlaPolicyTitles>();
        services.AddShippedDefaults<SlaDefaults>();
        services.AddSingleton<SlaRescheduler>();
        services.AddScoped<SlaAdmin>();
        services.AddScoped<SlaRollup>();
        services.AddScoped<SlaConversationClocks>();
        services.AddScoped<IDomainEventHandler<ConversationCreated>>(sp => sp.GetRequiredService<SlaConversationClocks>());
        services.AddScoped<IDomainEventHandler<MessageAdded>>(sp => sp.GetRequiredService<SlaConversationClocks>());
        services.AddScoped<IDomainEventHandler<ConversationStatusChanged>>(sp => sp.GetRequiredService<SlaConversationClocks>());
        services.AddScoped<IDomainEventHandler<ConversationPriorityChanged>>(sp => sp.GetRequiredService<SlaConversationClocks>());
        services.AddScoped<IDomainEventHandler<ConversationTopicChanged>>(sp => sp.GetRequiredService<SlaConversationClocks>());
        services.AddPeriodicJob<SlaSweeper>(builder.Configuration.GetValue("Touchpoint:Sla:RunSweeper", true));
        services.AddAuthorizationBuilder().AddPolicy(SlaEndpoints.ManagePolicy, p => p.RequireAssertion(ctx =>
            ctx.User.IsInRole(Roles.Admin) || ctx.User.IsInRole(Roles.ServiceOwner) || ctx.User.HasClaim(c => c.Type == Actors.ApiKeyNameClaim)));
        services.AddMemoryCache();
        return builder;
    }

    public static WebApplication MapSla(this WebApplication app)
    {
        app.MapSlaApi();
        app.MapServicePage();
        return app;
    }
}

/// <summary>
/// The shipped promises (seed 003), written once on the first start: a "Business hours" calendar in the store's time
/// zone (Mon–Fri 09:00–13:00 and 14:00–18:00), chat within a minute, callbacks within two business hours, email and the
/// web form within one business hour and never over 24, anything else within a business day. A mark keeps them from
/// coming back after the service owner deleted them.
/// </summary>
public sealed partial class SlaDefaults(IServiceScopeFactory scopes, IOptions<StoreOptions> store, TimeProvider time, ILogger<SlaDefaults> logger) : IShippedDefaults
{
    public const string Calendar = "Business hours";
    public const string Mark = "defaults";

    /// <summary>The shipped names are keys (the API and the clocks use them); these are what people read in each language.</summary>
    public static readonly IReadOnlyDictionary<string, LocalizedText> PolicyTitles = new Dictionary<string, LocalizedText>(StringComparer.Ordinal)
    {
        ["Chat"] = LocalizedText.Of("Chat", "Чат", "Czat"),
        ["Callback"] = LocalizedText.Of("Callback", "Обратный звонок", "Oddzwonienie"),
        ["Email and web form"] = LocalizedText.Of("Email and web form", "Почта и веб-форма", "E-mail i formularz"),
        ["Other channels"] = LocalizedText.Of("Other channels", "Другие каналы", "Inne kanały"),
    };

    public static readonly LocalizedText CalendarTitle = LocalizedText.Of("Business hours", "Рабочие часы", "Godziny pracy");

    public static CalendarDefinition BusinessHours(string timeZone)
    {
        IReadOnlyList<OpeningPeriod> day = [OpeningPeriod.Parse("09:00", "13:00"), OpeningPeriod.Parse("14:00", "18:00")];
        return new CalendarDefinition(Calendar, timeZone, new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .ToDictionary(d => d, _ => day), []) { Title = CalendarTitle };
    }

    public static IReadOnlyList<PolicyDefinition> Policies() => new PolicyDefinition[]
    {
        new("Chat", 10, true, new PolicyConditions { Channels = ["chat"] },
        [
            new TargetDefinition { Target = SlaTargets.FirstResponse, GoalSeconds = 60, LimitSeconds = 300, WarnBeforeSeconds = 20 },
            new TargetDefinition { Target = SlaTargets.NextResponse, GoalSeconds = 120, LimitSeconds = 600, WarnBeforeSeconds = 30 },
        ]),
        new("Callback", 20, true, new PolicyConditions { Channels = ["callback"] },
        [
            new TargetDefinition { Target = SlaTargets.FirstResponse, GoalSeconds = 2 * 3600, LimitSeconds = 8 * 3600, Calendar = Calendar, WarnBeforeSeconds = 1800 },
        ]),
        new("Email and web form", 30, true, new PolicyConditions { Channels = ["email", "web"] },
        [
            new TargetDefinition { Target = SlaTargets.FirstResponse, GoalSeconds = 3600, LimitSeconds = 24 * 3600, Calendar = Calendar, WarnBeforeSeconds = 900 },
            new TargetDefinition { Target = SlaTargets.NextResponse, GoalSeconds = 4 * 3600, LimitSeconds = 24 * 3600, Calendar = Calendar },
            new TargetDefinition { Target = SlaTargets.Resolution, GoalSeconds = 24 * 3600, Calendar = Calendar },
        ]),
        new("Other channels", 100, true, new PolicyConditions(),
        [
            new TargetDefinition { Target = SlaTargets.FirstResponse, GoalSeconds = 8 * 3600, Calendar = Calendar },
        ]),
    }.Select(p => p with { Title = PolicyTitles[p.Name] }).ToList();

    /// <summary>
    /// Stores from before titles existed: a shipped policy or calendar still under its shipped name and without a title
    /// gets the shipped titles, so a Russian or Polish page does not show the English key. Titles a person set stay.
    /// </summary>
    public static async Task<int> FillShippedTitlesAsync(TouchpointDb db, CancellationToken ct)
    {
        var names = PolicyTitles.Keys.ToList();
        var policies = await db.Set<SlaPolicy>().Where(p => names.Contains(p.Name)).ToListAsync(ct);
        var calendars = await db.Set<SlaCalendar>().Where(c => c.Name == Calendar).ToListAsync(ct);
        var filled = 0;
        foreach (var p in policies.Where(p => p.Title.Values.Count == 0))
        {
            p.Title = PolicyTitles[p.Name];
            filled++;
        }
        foreach (var c in calendars.Where(c => c.Title.Values.Count == 0))
        {
            c.Title = CalendarTitle;
            filled++;
        }
        if (filled > 0)
        {
            await db.SaveChangesAsync(ct);
        }
        return filled;
    }

    /// <summary>Written before the demo store is seeded (and before verbs), so its conversations start with clocks running.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            if (await db.Set<SlaMark>().AnyAsync(m => m.Name == Mark, cancellationToken))
            {
                if (await FillShippedTitlesAsync(db, cancellationToken) > 0)
                {
                    scope.ServiceProvider.GetRequiredService<SlaCatalog>().Invalidate();
                }
                return;
            }
            var admin = scope.ServiceProvider.GetRequiredService<SlaAdmin>();
            db.Add(new SlaMark { Name = Mark, ThroughDay = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime) });
            await db.SaveChangesAsync(cancellationToken);
            if (!await db.Set<SlaCalendar>().AnyAsync(cancellationToken))
            {
                await admin.SaveCalendarAsync(BusinessHours(store.Value.TimeZone), "system:defaults", cancellationToken);
            }
            if (!await db.Set<SlaPolicy>().AnyAsync(cancellationToken))
            {
                foreach (var p in Policies())
                {
                    await admin.SavePolicyAsync(p, "system:defaults", cancellationToken);
                }
            }
        }
        catch (DbUpdateException ex)
        {
            // Another instance wrote the mark first: it seeds.
            LogSeededElsewhere(ex.GetType().Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not migrated yet (MigrateOnStart=false): the app still starts; the next start seeds.
            LogSeedFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "SLA defaults were written by another instance ({Error})")]
    private partial void LogSeededElsewhere(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLA defaults could not be written")]
    private partial void LogSeedFailed(Exception ex);
}
