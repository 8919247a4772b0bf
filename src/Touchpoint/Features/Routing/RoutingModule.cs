using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Identity;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Routing;

public static class RoutingModule
{
    public static IServiceCollection AddAgentRouting(this IServiceCollection services)
    {
        services.AddOptions<RoutingOptions>().BindConfiguration("Touchpoint:Routing")
            .Validate(o => o.PassInterval >= TimeSpan.FromMilliseconds(100) && o.RefreshInterval >= TimeSpan.FromMilliseconds(100), "Touchpoint:Routing intervals must be at least 100 ms.")
            .Validate(o => o.RingSeconds is > 0 and <= 120 && o.AccountManagerRingSeconds is > 0 and <= 120 && o.MaxRingTargets is > 0 and <= 20,
                "Touchpoint:Routing ring times must be 1–120 s and MaxRingTargets 1–20.")
            .ValidateOnStart();
        services.AddSingleton<RoutingBoard>();
        services.AddSingleton<Sla.IAgentTeams>(sp => sp.GetRequiredService<RoutingBoard>());
        services.AddPeriodicJob<RoutingBoardRefresher>(run: true);
        // Switched off by Touchpoint:Routing:Enabled=false at start (the worker then reports, but is not judged).
        services.AddPeriodicJob<RoutingWorker>(run: true);
        services.AddScoped<AgentAdmin>();
        services.AddScoped<IDomainEventHandler<ConversationStatusChanged>, ReopenRouting>();
        services.AddScoped<IDomainEventHandler<OrderStatusChanged>, OwnershipHandoff>();
        services.AddScoped<IDomainEventHandler<Sla.SlaLimitPassed>, SlaEscalation>();
        return services;
    }

    public static WebApplication MapAgentRouting(this WebApplication app)
    {
        var agents = app.MapGroup("/api/v1/agents").WithTags("Routing");
        agents.MapGet("/", async (AgentAdmin admin, CancellationToken ct) => TypedResults.Ok(await admin.ListAsync(ct)))
            .WithName("ListAgents").WithSummary("Agents with teams, skills, capacity, schedule, presence, whether they are on shift and on duty now.")
            .RequireAuthorization(Policies.Staff);
        agents.MapGet("/{email}", async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> (string email, AgentAdmin admin, CancellationToken ct) =>
                await admin.GetAsync(email, ct) is { } a ? TypedResults.Ok(a) : Problems.NotFound(Texts.Ui("Problem.Agents.NotFound", email)))
            .WithName("GetAgent").WithSummary("One agent's profile and presence.")
            .RequireAuthorization(Policies.Staff);
        agents.MapPut("/{email}", SaveAgentAsync)
            .WithName("SaveAgent").WithSummary("Create or replace an agent's profile: name, role, teams, skills { topics, languages, channels }, capacity per channel, phone, time zone, weekly schedule (periods per weekday; the gaps are breaks). Creates the user when missing (without a password).")
            .RequireAuthorization(Policies.OwnerOrIntegration);
        agents.MapPut("/{email}/presence", SetPresenceAsync)
            .WithName("SetPresence").WithSummary("online | away | offline. Going offline hands the agent's open chats, calls and callbacks back to the queue. Agents set their own; service owners and API keys anyone's.")
            .RequireAuthorization(Policies.Staff);

        var duty = app.MapGroup("/api/v1/duty").WithTags("Routing");
        duty.MapGet("/", (AgentAdmin admin) => TypedResults.Ok(admin.Duty()))
            .WithName("GetDutyRoster").WithSummary("The on-duty roster from now on: who covers breaks and off-hours, from when to when.")
            .RequireAuthorization(Policies.Staff);
        duty.MapPut("/", SaveDutyAsync)
            .WithName("SaveDutyRoster").WithSummary("Replace the roster from now on with [{ agent, from, to }] (ISO 8601 instants); past entries are kept.")
            .RequireAuthorization(Policies.OwnerOrIntegration);

        app.MapGet("/api/v1/workload", async (TouchpointDb db, RoutingBoard board, TimeProvider time, CancellationToken ct) =>
                TypedResults.Ok(await Workload.ReadAsync(db, board, time.GetUtcNow().UtcDateTime, ct)))
            .WithTags("Routing").WithName("GetWorkload").WithSummary("Open items against capacity per agent and channel, the waiting queue, time in queue over the last 24 hours.")
            .RequireAuthorization(Policies.OwnerOrIntegration);
        return app;
    }

    private static async Task<Results<Created<AgentResponse>, Ok<AgentResponse>, ValidationProblem, ProblemHttpResult>> SaveAgentAsync(
        string email, [FromBody] AgentRequest? request, AgentAdmin admin, UserAdmin users, ClaimsPrincipal user, CancellationToken ct)
    {
        var v = await admin.ValidateAsync(email, request, ct);
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        if (await users.RoleRefusalAsync(user, email, request!.Role) is { } refusal)
        {
            return Problems.Forbidden(refusal);
        }
        var (agent, created) = await admin.SaveAsync(email, request!, ct);
        return created ? TypedResults.Created($"/api/v1/agents/{Uri.EscapeDataString(agent.Email)}", agent) : TypedResults.Ok(agent);
    }

    private static async Task<Results<Ok<AgentResponse>, ValidationProblem, ProblemHttpResult>> SetPresenceAsync(
        string email, [FromBody] PresenceRequest? request, ClaimsPrincipal user, AgentAdmin admin, RoutingBoard board, CancellationToken ct)
    {
        if (!Wire.TryParse<Presence>(request?.Status, out var presence))
        {
            return Problems.Invalid("status", Texts.Ui("Valid.OneOf", "online, away, offline"));
        }
        var agent = board.AgentByEmail(email);
        if (agent is null)
        {
            await board.RefreshAsync(ct);
            agent = board.AgentByEmail(email);
        }
        if (agent is null)
        {
            return Problems.NotFound(Texts.Ui("Problem.Agents.NotFound", email));
        }
        var self = string.Equals(user.FindFirstValue(ClaimTypes.Email), agent.Email, StringComparison.OrdinalIgnoreCase);
        var mayChangeOthers = user.FindFirstValue(Actors.ApiKeyNameClaim) is not null || user.IsInRole(Roles.Admin) || user.IsInRole(Roles.ServiceOwner);
        if (!self && !mayChangeOthers)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: Texts.Ui("Problem.Title.Forbidden"), detail: Texts.Ui("Problem.Agents.Presence"));
        }
        return TypedResults.Ok((await admin.SetPresenceAsync(agent.UserId, presence, Actors.Describe(user), ct))!);
    }

    private static async Task<Results<Ok<IReadOnlyList<DutyResponse>>, ValidationProblem>> SaveDutyAsync(
        [FromBody] List<DutyEntry>? entries, AgentAdmin admin, RoutingBoard board, CancellationToken ct)
    {
        await board.RefreshAsync(ct);
        var v = admin.ValidateDuty(entries);
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        return TypedResults.Ok(await admin.SaveDutyAsync(entries!, ct));
    }
}
