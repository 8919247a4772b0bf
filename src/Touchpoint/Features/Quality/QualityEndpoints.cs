using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

public static class QualityEndpoints
{
    /// <summary>Scoring reviews: auditors, service owners, admins, and the store's systems with an API key.</summary>
    public const string ReviewPolicy = "quality-review";

    public static RouteGroupBuilder MapQualityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/quality").WithTags("Quality").RequireAuthorization(Policies.Staff);
        api.MapGet("/scorecards/{key}", GetScorecardAsync).WithName("GetScorecard").WithSummary("A scorecard's latest version (or ?version=).");
        api.MapPut("/scorecards/{key}", PutScorecardAsync).RequireAuthorization(Policies.OwnerOrIntegration).WithName("PutScorecard")
            .WithSummary("Create or change a scorecard; a scorecard with reviews gets a new version.");
        api.MapPost("/reviews", PostReviewAsync).RequireAuthorization(ReviewPolicy).WithName("PostReview")
            .WithSummary("Score an agent's work on a scorecard's latest version.");
        api.MapGet("/reviews", ListReviewsAsync).WithName("ListReviews").WithSummary("Reviews, newest first; an agent sees their own.");
        api.MapGet("/reviews/{id:guid}", GetReviewAsync).WithName("GetReview").WithSummary("A review with its answers, disputes and history.");
        api.MapPost("/reviews/{id:guid}/disputes", PostDisputeAsync).WithName("PostDispute")
            .WithSummary("The reviewee disputes their review with a comment and proposed answers; one open dispute per review.");
        api.MapGet("/disputes", ListDisputesAsync).WithName("ListDisputes").WithSummary("Disputes (?status=open); an agent sees their own.");
        api.MapPost("/disputes/{id:guid}/decision", DecideDisputeAsync).RequireAuthorization(Policies.OwnerOrIntegration).WithName("DecideDispute")
            .WithSummary("Accept, partly accept or reject an open dispute; the review's score is computed again.");
        api.MapGet("/reports/agents", AgentReportAsync).WithName("QualityAgentReport")
            .WithSummary("Per employee: reviews, mean score, critical fails, weakest criteria; an agent sees their own row.");
        api.MapGet("/reports/gaps", GapsAsync).WithName("QualityGaps")
            .WithSummary("Criteria with the lowest pass rate (normalised answer ≥ 0.8 passes, N/A left out); ?touchpoint=, ?team=; an agent sees their own.");
        api.MapGet("/reports/training", TrainingAsync).WithName("QualityTraining")
            .WithSummary("An agent's three weakest criteria with the training link and whether the following period improved; an agent sees their own.");
        api.MapPost("/bonus/{period}/approve", ApproveBonusAsync).RequireAuthorization(Policies.OwnerOrIntegration).WithName("ApproveQualityBonus")
            .WithSummary("Approve a month's bonus table: its rows are frozen and the bonus table answers from them; once per month (409).");
        api.MapGet("/bonus", BonusAsync).WithName("QualityBonus").Produces(StatusCodes.Status200OK, contentType: CsvResult.ContentType)
            .WithSummary("The bonus table of a month (YYYY-MM) by the default bands and the month's SLA weight, frozen once approved; ?agent= (reviewers); ?format=csv or Accept: text/csv for CSV.");
        api.MapPut("/bonus/{period}/rule", PutBonusRuleAsync).RequireAuthorization(Policies.OwnerOrIntegration).WithName("PutQualityBonusRule")
            .WithSummary("Set the SLA weight (0..1) of the bonus rule from a month on; an approved month keeps its own (409).");
        api.MapGet("/assignments", ListAssignmentsAsync).RequireAuthorization(ReviewPolicy).WithName("ListQualityAssignments")
            .WithSummary("Review cycle definitions, by key.");
        api.MapGet("/assignments/{key}", GetAssignmentAsync).RequireAuthorization(ReviewPolicy).WithName("GetQualityAssignment")
            .WithSummary("A review cycle definition with its current cycle.");
        api.MapPut("/assignments/{key}", PutAssignmentAsync).RequireAuthorization(Policies.OwnerOrIntegration).WithName("PutQualityAssignment")
            .WithSummary("Create or change a review cycle: reviewers, reviewees (agents, teams), goal per reviewee, filters.");
        api.MapPost("/assignments/{key}/draw", DrawAssignmentAsync).RequireAuthorization(Policies.OwnerOrIntegration).WithName("DrawQualityAssignment")
            .WithSummary("Draw the current cycle now (once per cycle: a drawn cycle answers its existing draw).");
        api.MapGet("/queue", QueueAsync).RequireAuthorization(ReviewPolicy).WithName("QualityQueue")
            .WithSummary("A reviewer's conversations to review in the cycle (?cycle=YYYY-MM-DD, a day of it) with progress per reviewee.");
        api.MapPost("/calibrations", PostCalibrationAsync).RequireAuthorization(Policies.OwnerOrIntegration).WithName("PostCalibration")
            .WithSummary("Open a calibration session: conversations, reviewers and a scorecard.");
        api.MapGet("/calibrations", ListCalibrationsAsync).RequireAuthorization(ReviewPolicy).WithName("ListCalibrations")
            .WithSummary("Calibration sessions, newest first; ?agent= keeps those with a conversation assigned to that agent; a reviewer sees the sessions they are in.");
        api.MapGet("/calibrations/{id:guid}", GetCalibrationAsync).RequireAuthorization(ReviewPolicy).WithName("GetCalibration")
            .WithSummary("A calibration session; a reviewer sees only their own scores.");
        api.MapPost("/calibrations/{id:guid}/scores", PostCalibrationScoreAsync).RequireAuthorization(ReviewPolicy).WithName("PostCalibrationScore")
            .WithSummary("A session's reviewer scores one of its conversations, once; never counted as a review.");
        api.MapGet("/calibrations/{id:guid}/result", CalibrationResultAsync).RequireAuthorization(Policies.OwnerOrIntegration).WithName("CalibrationResult")
            .WithSummary("Per conversation, in total and per criterion: spread, median, each reviewer's distance (flagged over 10 points).");
        api.MapAuditApi();
        return api;
    }

    private static async Task<Results<Created<CalibrationResponse>, ValidationProblem>> PostCalibrationAsync(
        [FromBody] PostCalibrationRequest? request, OpenCalibration open, TouchpointDb db, HttpContext http, CancellationToken ct)
    {
        var (checkedRequest, validation) = await open.ValidateAsync(request, ct);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var session = await open.ExecuteAsync(checkedRequest!, Actors.Describe(http.User), ct);
        return TypedResults.Created($"/api/v1/quality/calibrations/{session.Id}", (await QualityQueries.CalibrationAsync(db, session.Id, http.User, ct))!);
    }

    private static async Task<Results<Ok<CalibrationPage>, ValidationProblem>> ListCalibrationsAsync(TouchpointDb db, HttpContext http, CancellationToken ct,
        string? agent = null, int page = 1, int pageSize = 50)
    {
        var v = new Validation()
            .Require(page >= 1, "page", Texts.Ui("Valid.PageStart"))
            .Require(pageSize is >= 1 and <= 500, "pageSize", Texts.Ui("Valid.Between", 1, 500));
        string? agentId = null;
        if (!string.IsNullOrWhiteSpace(agent) && (agentId = await QualityQueries.UserIdByEmailAsync(db, agent, ct)) is null)
        {
            v.Add("agent", Texts.Ui("Valid.Quality.UnknownAgent"));
        }
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        return TypedResults.Ok(await QualityQueries.CalibrationPageAsync(db, http.User, page, pageSize, ct, agentId));
    }

    private static async Task<Results<Ok<CalibrationResponse>, ProblemHttpResult>> GetCalibrationAsync(Guid id, TouchpointDb db, HttpContext http, CancellationToken ct)
    {
        var session = await QualityQueries.CalibrationAsync(db, id, http.User, ct);
        return session is null ? Problems.NotFound(Texts.Ui("Problem.Quality.CalibrationNotFound")) : TypedResults.Ok(session);
    }

    private static async Task<Results<Created<CalibrationScoreResponse>, ValidationProblem, ProblemHttpResult>> PostCalibrationScoreAsync(
        Guid id, [FromBody] PostCalibrationScoreRequest? request, ScoreCalibration score, HttpContext http, CancellationToken ct)
    {
        var (checkedRequest, validation, refusal) = await score.ValidateAsync(id, request, http.User, ct);
        switch (refusal)
        {
            case ScoreCalibration.Refusal.NotFound:
                return Problems.NotFound(Texts.Ui("Problem.Quality.CalibrationNotFound"));
            case ScoreCalibration.Refusal.Forbidden:
                return Problems.Forbidden(Texts.Ui("Problem.Quality.NotCalibrationReviewer"));
            case ScoreCalibration.Refusal.Conflict:
                return Problems.Conflict(Texts.Ui("Problem.Quality.CalibrationScored"));
        }
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var written = await score.ExecuteAsync(checkedRequest!, ct);
        if (written is null)
        {
            return Problems.Conflict(Texts.Ui("Problem.Quality.CalibrationScored"));
        }
        return TypedResults.Created($"/api/v1/quality/calibrations/{id}", new CalibrationScoreResponse(written.ConversationNumber, written.Reviewer, written.Score,
            written.CriticalFailed, [.. written.Answers.Select(a => new AnswerResponse(a.Criterion, a.Value, null))], written.CreatedAt));
    }

    private static async Task<Results<Ok<CalibrationResponseResult>, ProblemHttpResult>> CalibrationResultAsync(Guid id, TouchpointDb db, CancellationToken ct)
    {
        var result = await QualityQueries.CalibrationResultAsync(db, id, ct);
        return result is null ? Problems.NotFound(Texts.Ui("Problem.Quality.CalibrationNotFound")) : TypedResults.Ok(result);
    }

    private static TimeZoneInfo Zone(IOptions<StoreOptions> store) => TimeZoneInfo.FindSystemTimeZoneById(store.Value.TimeZone);

    private static async Task<Results<Ok<AssignmentPage>, ValidationProblem>> ListAssignmentsAsync(TouchpointDb db, IOptions<StoreOptions> store,
        TimeProvider time, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var v = new Validation()
            .Require(page >= 1, "page", Texts.Ui("Valid.PageStart"))
            .Require(pageSize is >= 1 and <= 500, "pageSize", Texts.Ui("Valid.Between", 1, 500));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        return TypedResults.Ok(await QualityQueries.AssignmentsAsync(db, Zone(store), time.GetUtcNow().UtcDateTime, page, pageSize, ct));
    }

    private static async Task<Results<Ok<AssignmentResponse>, ProblemHttpResult>> GetAssignmentAsync(string key, TouchpointDb db,
        IOptions<StoreOptions> store, TimeProvider time, CancellationToken ct)
    {
        var assignment = await db.Set<Assignment>().AsNoTracking().FirstOrDefaultAsync(a => a.Key == key, ct);
        return assignment is null ? Problems.NotFound(Texts.Ui("Problem.Quality.AssignmentNotFound", key))
            : TypedResults.Ok(QualityQueries.ToResponse(assignment, Zone(store), time.GetUtcNow().UtcDateTime));
    }

    private static async Task<Results<Ok<AssignmentResponse>, Created<AssignmentResponse>, ValidationProblem>> PutAssignmentAsync(
        string key, [FromBody] PutAssignmentRequest? request, SaveAssignment save, HttpContext http, IOptions<StoreOptions> store, TimeProvider time,
        CancellationToken ct)
    {
        var (content, validation) = await save.ValidateAsync(key, request, ct);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var (assignment, created) = await save.ExecuteAsync(key, content!, Actors.Describe(http.User), ct);
        var response = QualityQueries.ToResponse(assignment, Zone(store), time.GetUtcNow().UtcDateTime);
        return created ? TypedResults.Created($"/api/v1/quality/assignments/{key}", response) : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<DrawResponse>, ProblemHttpResult>> DrawAssignmentAsync(string key, TouchpointDb db, DrawSample draw, CancellationToken ct)
    {
        var assignment = await db.Set<Assignment>().AsNoTracking().FirstOrDefaultAsync(a => a.Key == key, ct);
        if (assignment is null)
        {
            return Problems.NotFound(Texts.Ui("Problem.Quality.AssignmentNotFound", key));
        }
        var r = await draw.ExecuteAsync(assignment, ct);
        return TypedResults.Ok(new DrawResponse(key, r.CycleStart, r.CycleEnd, r.From, r.To, r.Seed, r.DrawnNow, r.Samples));
    }

    private static async Task<Results<Ok<QueueResponse>, ValidationProblem, ProblemHttpResult>> QueueAsync(TouchpointDb db, HttpContext http,
        IOptions<StoreOptions> store, TimeProvider time, CancellationToken ct, string? reviewer = null, string? cycle = null, int page = 1, int pageSize = 100)
    {
        var v = new Validation()
            .Require(page >= 1, "page", Texts.Ui("Valid.PageStart"))
            .Require(pageSize is >= 1 and <= 500, "pageSize", Texts.Ui("Valid.Between", 1, 500));
        var zone = Zone(store);
        var at = time.GetUtcNow().UtcDateTime;
        if (cycle is not null)
        {
            if (DateOnly.TryParseExact(cycle, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year >= 2000)
            {
                // Noon of the store's day: inside that day's cycle whatever the offset.
                at = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Unspecified), zone);
            }
            else
            {
                v.Add("cycle", Texts.Ui("Valid.Date"));
            }
        }
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var self = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var apiKey = http.User.HasClaim(c => c.Type == Actors.ApiKeyNameClaim);
        string? reviewerId = apiKey ? null : self;
        if (!string.IsNullOrWhiteSpace(reviewer))
        {
            reviewerId = await QualityQueries.UserIdByEmailAsync(db, reviewer, ct) ?? "";
        }
        // Auditors see their own queue; owners, admins and API keys anyone's.
        if (reviewerId != self && !QualityAccess.Decides(http.User))
        {
            return Problems.Forbidden(Texts.Ui("Problem.Quality.OwnQueue"));
        }
        return TypedResults.Ok(await QualityQueries.QueueAsync(db, reviewerId, at, zone, page, pageSize, ct));
    }

    private static async Task<Results<Ok<ScorecardResponse>, ProblemHttpResult>> GetScorecardAsync(string key, TouchpointDb db, CancellationToken ct, int? version = null)
    {
        var response = await QualityQueries.ScorecardAsync(db, key, version, ct);
        return response is null ? Problems.NotFound(Texts.Ui("Problem.Quality.ScorecardNotFound", key)) : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<ScorecardResponse>, Created<ScorecardResponse>, ValidationProblem>> PutScorecardAsync(
        string key, [FromBody] PutScorecardRequest? request, SaveScorecard save, HttpContext http, CancellationToken ct)
    {
        var (content, validation) = await save.ValidateAsync(key, request, ct);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var result = await save.ExecuteAsync(key, content!, Actors.Describe(http.User), ct);
        var response = QualityQueries.ToResponse(result.Scorecard, hasReviews: false);
        return result.Created ? TypedResults.Created($"/api/v1/quality/scorecards/{key}", response) : TypedResults.Ok(response);
    }

    private static async Task<Results<Created<ReviewCreated>, ValidationProblem>> PostReviewAsync(
        [FromBody] PostReviewRequest? request, CreateReview create, HttpContext http, CancellationToken ct)
    {
        var (checkedRequest, validation) = await create.ValidateAsync(request, ct);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var review = await create.ExecuteAsync(checkedRequest!, Actors.Describe(http.User), ct);
        return TypedResults.Created($"/api/v1/quality/reviews/{review.Id}", new ReviewCreated(review.Id, review.Score, review.CriticalFailed, review.ScorecardVersion));
    }

    private static async Task<Results<Ok<ReviewPage>, ValidationProblem, ProblemHttpResult>> ListReviewsAsync(
        TouchpointDb db, HttpContext http, CancellationToken ct, string? reviewee = null, long? conversation = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, int page = 1, int pageSize = 50)
    {
        var v = new Validation()
            .Require(page >= 1, "page", Texts.Ui("Valid.PageStart"))
            .Require(pageSize is >= 1 and <= 500, "pageSize", Texts.Ui("Valid.Between", 1, 500))
            .Require(from is null || to is null || from < to, "to", Texts.Ui("Valid.Quality.Range"));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var only = QualityAccess.OnlyFor(http.User);
        var revieweeId = only;
        if (!string.IsNullOrWhiteSpace(reviewee))
        {
            var id = await QualityQueries.UserIdByEmailAsync(db, reviewee, ct);
            if (only is not null && id != only)
            {
                return Problems.Forbidden(Texts.Ui("Problem.Quality.OwnOnly"));
            }
            if (id is null)
            {
                return TypedResults.Ok(new ReviewPage([], page, pageSize, false));
            }
            revieweeId = id;
        }
        return TypedResults.Ok(await QualityQueries.ReviewsAsync(db, revieweeId, conversation, from?.UtcDateTime, to?.UtcDateTime, page, pageSize, ct));
    }

    private static async Task<Results<Ok<ReviewDetail>, ProblemHttpResult>> GetReviewAsync(Guid id, TouchpointDb db, HttpContext http, CancellationToken ct)
    {
        var review = await QualityQueries.ReviewDetailAsync(db, id, http.User, ct);
        return review is null ? Problems.NotFound(Texts.Ui("Problem.Quality.ReviewNotFound")) : TypedResults.Ok(review);
    }

    private static async Task<Results<Created<DisputeResponse>, ValidationProblem, ProblemHttpResult>> PostDisputeAsync(
        Guid id, [FromBody] PostDisputeRequest? request, OpenDispute open, HttpContext http, CancellationToken ct)
    {
        var (checkedRequest, validation, refusal) = await open.ValidateAsync(id, request, http.User, ct);
        switch (refusal)
        {
            case OpenDispute.Refusal.NotFound:
                return Problems.NotFound(Texts.Ui("Problem.Quality.ReviewNotFound"));
            case OpenDispute.Refusal.Forbidden:
                return Problems.Forbidden(Texts.Ui("Problem.Quality.RevieweeOnly"));
            case OpenDispute.Refusal.Conflict:
                return Problems.Conflict(Texts.Ui("Problem.Quality.DisputeOpen"));
        }
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var dispute = await open.ExecuteAsync(checkedRequest!, Actors.Describe(http.User), ct);
        if (dispute is null)
        {
            return Problems.Conflict(Texts.Ui("Problem.Quality.DisputeOpen"));
        }
        return TypedResults.Created($"/api/v1/quality/reviews/{id}", QualityQueries.ToResponse(dispute, checkedRequest!.Review));
    }

    private static async Task<Results<Ok<DisputeResponse>, ValidationProblem, ProblemHttpResult>> DecideDisputeAsync(
        Guid id, [FromBody] PostDecisionRequest? request, DecideDispute decide, HttpContext http, CancellationToken ct)
    {
        var (checkedRequest, validation, refusal) = await decide.ValidateAsync(id, request, ct);
        switch (refusal)
        {
            case DecideDispute.Refusal.NotFound:
                return Problems.NotFound(Texts.Ui("Problem.Quality.DisputeNotFound"));
            case DecideDispute.Refusal.Conflict:
                return Problems.Conflict(Texts.Ui("Problem.Quality.DisputeDecided"));
        }
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var result = await decide.ExecuteAsync(checkedRequest!, Actors.Describe(http.User), ct);
        return TypedResults.Ok(QualityQueries.ToResponse(result.Dispute, result.Review));
    }

    private static async Task<Results<Ok<DisputePage>, ValidationProblem>> ListDisputesAsync(
        TouchpointDb db, HttpContext http, CancellationToken ct, string? status = null, int page = 1, int pageSize = 50)
    {
        var v = new Validation()
            .Require(status is null || DisputeStatus.All.Contains(status), "status", Texts.Ui("Valid.Quality.DisputeStatus", string.Join(", ", DisputeStatus.All)))
            .Require(page >= 1, "page", Texts.Ui("Valid.PageStart"))
            .Require(pageSize is >= 1 and <= 500, "pageSize", Texts.Ui("Valid.Between", 1, 500));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        return TypedResults.Ok(await QualityQueries.DisputesAsync(db, status, QualityAccess.OnlyFor(http.User), page, pageSize, ct));
    }

    private static async Task<Results<Ok<AgentReport>, ValidationProblem>> AgentReportAsync(
        TouchpointDb db, HttpContext http, TimeProvider time, CancellationToken ct, DateTimeOffset? from = null, DateTimeOffset? to = null,
        string? touchpoint = null, int page = 1, int pageSize = 100)
    {
        // `to` is exclusive; without it the report runs up to and including this moment (one millisecond past it, since
        // PostgreSQL keeps microseconds and a tick past a review written in the same microsecond would round back onto it).
        var end = to?.UtcDateTime ?? time.GetUtcNow().UtcDateTime.AddMilliseconds(1);
        var start = from?.UtcDateTime ?? end.AddDays(-30);
        var v = new Validation()
            .Require(start < end, "to", Texts.Ui("Valid.Quality.Range"))
            .Require(touchpoint is null || QualityTouchpoints.All.Contains(touchpoint), "touchpoint",
                Texts.Ui("Valid.Quality.Touchpoint", string.Join(", ", QualityTouchpoints.All)))
            .Require(page >= 1, "page", Texts.Ui("Valid.PageStart"))
            .Require(pageSize is >= 1 and <= 500, "pageSize", Texts.Ui("Valid.Between", 1, 500));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var stats = await QualityQueries.AgentStatsAsync(db, start, end, touchpoint, QualityAccess.OnlyFor(http.User), ct);
        return TypedResults.Ok(QualityQueries.Page(stats, page, pageSize));
    }

    /// <summary>`to` is exclusive; without it, up to and including now; without `from`, the 30 days before `to`.</summary>
    private static (DateTime Start, DateTime End) Range(TimeProvider time, DateTimeOffset? from, DateTimeOffset? to)
    {
        var end = to?.UtcDateTime ?? time.GetUtcNow().UtcDateTime.AddMilliseconds(1);
        return (from?.UtcDateTime ?? end.AddDays(-30), end);
    }

    private static async Task<Results<Ok<GapsResponse>, ValidationProblem>> GapsAsync(TouchpointDb db, HttpContext http, TimeProvider time, CancellationToken ct,
        DateTimeOffset? from = null, DateTimeOffset? to = null, string? touchpoint = null, string? team = null, int limit = 20)
    {
        var (start, end) = Range(time, from, to);
        var v = new Validation()
            .Require(start < end, "to", Texts.Ui("Valid.Quality.Range"))
            .Require(touchpoint is null || QualityTouchpoints.All.Contains(touchpoint), "touchpoint",
                Texts.Ui("Valid.Quality.Touchpoint", string.Join(", ", QualityTouchpoints.All)))
            .Require(team is null || team.Trim().Length is >= 1 and <= 64, "team", Texts.Ui("Valid.NameRequired", 64))
            .Require(limit is >= 1 and <= 500, "limit", Texts.Ui("Valid.Between", 1, 500));
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        IReadOnlyCollection<string>? reviewees = null;
        if (team is not null)
        {
            reviewees = await QualityGapQueries.TeamMembersAsync(db, team.Trim(), ct);
        }
        if (QualityAccess.OnlyFor(http.User) is { } self)
        {
            reviewees = reviewees is null || reviewees.Contains(self) ? [self] : [];
        }
        return TypedResults.Ok(await QualityGapQueries.GapsAsync(db, start, end, touchpoint, reviewees, Languages.Current, limit, ct));
    }

    private static async Task<Results<Ok<TrainingPlan>, ValidationProblem, ProblemHttpResult>> TrainingAsync(TouchpointDb db, HttpContext http,
        TimeProvider time, CancellationToken ct, string? agent = null, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var (start, end) = Range(time, from, to);
        var v = new Validation()
            .Require(start < end, "to", Texts.Ui("Valid.Quality.Range"));
        var only = QualityAccess.OnlyFor(http.User);
        var agentId = only;
        if (!string.IsNullOrWhiteSpace(agent))
        {
            agentId = await QualityQueries.UserIdByEmailAsync(db, agent, ct);
            // An agent asking for anyone else is refused before learning whether the address exists.
            if (only is not null && agentId != only)
            {
                return Problems.Forbidden(Texts.Ui("Problem.Quality.OwnOnly"));
            }
            if (agentId is null)
            {
                v.Add("agent", Texts.Ui("Valid.Quality.UnknownAgent"));
            }
        }
        else if (only is null)
        {
            v.Add("agent", Texts.Ui("Valid.Required"));
        }
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var email = await db.Set<TouchpointUser>().AsNoTracking().Where(u => u.Id == agentId).Select(u => u.Email).FirstOrDefaultAsync(ct);
        return TypedResults.Ok(await QualityGapQueries.TrainingAsync(db, agentId!, email ?? agent?.Trim() ?? "", start, end, Languages.Current, ct));
    }

    private static async Task<Results<Ok<BonusTable>, CsvResult, ValidationProblem>> BonusAsync(
        TouchpointDb db, HttpContext http, IOptions<StoreOptions> store, CancellationToken ct, string? period = null, string? format = null,
        string? agent = null, int page = 1, int pageSize = 100)
    {
        var v = new Validation()
            .Require(page >= 1, "page", Texts.Ui("Valid.PageStart"))
            .Require(pageSize is >= 1 and <= 500, "pageSize", Texts.Ui("Valid.Between", 1, 500))
            .Require(CsvResult.KnownFormat(format), "format", Texts.Ui("Valid.Quality.Format"));
        var month = BonusMonth.Parse(period, Zone(store));
        if (month is null)
        {
            v.Add("period", Texts.Ui("Valid.Quality.Period"));
        }
        var only = QualityAccess.OnlyFor(http.User);
        if (only is null && !string.IsNullOrWhiteSpace(agent))
        {
            // Reviewers may narrow the table to one employee; an agent sees their own row whatever they ask.
            only = await QualityQueries.UserIdByEmailAsync(db, agent, ct);
            if (only is null)
            {
                v.Add("agent", Texts.Ui("Valid.Quality.UnknownAgent"));
            }
        }
        if (!v.IsValid)
        {
            return v.ToProblem();
        }
        var csv = CsvResult.Wanted(http.Request, format);
        var (table, all) = await QualityQueries.BonusTableAsync(db, month!, Zone(store), only, page, pageSize, csv, ct);
        if (csv)
        {
            // The whole month, not a page: a payroll sheet.
            return CsvResult.From($"quality-bonus-{month!.Period}.csv", ["agent", "score", "bonusPercent", "reason", "qaScore", "slaCompliance", "slaWeight"],
                all.Select(r => (IReadOnlyList<string?>)[r.Agent, CsvResult.Number(r.Score), CsvResult.Number(r.BonusPercent), r.Reason,
                    CsvResult.Number(r.QaScore), CsvResult.Number(r.SlaCompliance), r.SlaWeight.ToString("0.####", CultureInfo.InvariantCulture)]));
        }
        return TypedResults.Ok(table);
    }

    private static async Task<Results<Ok<BonusRuleResponse>, ValidationProblem, ProblemHttpResult>> PutBonusRuleAsync(string period,
        SaveBonusRuleRequest? request, SaveBonusRule save, HttpContext http, CancellationToken ct)
    {
        var (month, validation) = save.Validate(period, request);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        return await save.ExecuteAsync(month!, request!, Actors.Describe(http.User), ct) is { } saved
            ? TypedResults.Ok(saved)
            : Problems.Conflict(Texts.Ui("Problem.Quality.BonusApproved", month!.Period));
    }

    private static async Task<Results<Created<BonusTable>, ValidationProblem, ProblemHttpResult>> ApproveBonusAsync(string period, ApproveBonus approve,
        TouchpointDb db, HttpContext http, CancellationToken ct)
    {
        var (month, validation) = approve.Validate(period);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var frozen = await approve.ExecuteAsync(month!, Actors.Describe(http.User), ct);
        if (frozen is null)
        {
            return Problems.Conflict(Texts.Ui("Problem.Quality.BonusApproved", month!.Period));
        }
        var (table, _) = (await QualityQueries.FrozenBonusAsync(db, month!.Period, null, 1, 500, ct))!.Value;
        return TypedResults.Created($"/api/v1/quality/bonus?period={month.Period}", table);
    }
}
