using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrleansScheduler.Alerts;
using OrleansScheduler.Grains;

namespace OrleansScheduler.Http;

/// <summary>
/// <c>/api/alerts</c>: the latest firings, and the alert rules (from configuration, read-only here, and from the API,
/// kept by the alert grain). Input is checked in full before the grain is called, so a refused request changes nothing.
/// </summary>
internal static class AlertEndpoints
{
    /// <summary>Maps the alert routes under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapAlertEndpoints(this RouteGroupBuilder api)
    {
        var alerts = api.MapGroup("/alerts").WithTags("Alerts");
        alerts.MapGet("", ListFiringsAsync).WithName("ListAlerts").WithSummary("The latest alerts that fired, newest first.")
              .Produces<AlertFiringList>();
        alerts.MapGet("/rules", ListRulesAsync).WithName("ListAlertRules").WithSummary("Every alert rule, from configuration and from the API, sorted by name.")
              .Produces<AlertRuleList>();
        alerts.MapGet("/rules/{name}", GetRuleAsync).WithName("GetAlertRule")
              .Produces<AlertRule>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        alerts.MapPut("/rules/{name}", PutRuleAsync).WithName("PutAlertRule")
              .WithSummary("Create (201) or replace (200) the API rule with this name; 409 for a rule from configuration.")
              .Accepts<AlertRule>("application/json")
              .Produces<AlertRule>().Produces<AlertRule>(StatusCodes.Status201Created).ProducesValidationProblem()
              .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        alerts.MapDelete("/rules/{name}", DeleteRuleAsync).WithName("DeleteAlertRule")
              .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem()
              .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static IAlertGrain Grain(IGrainFactory grains) => grains.GetGrain<IAlertGrain>(0);

    private static async Task<IResult> ListFiringsAsync(IGrainFactory grains) => TypedResults.Ok(await Grain(grains).ListFiringsAsync());

    private static async Task<IResult> ListRulesAsync(IGrainFactory grains) => TypedResults.Ok(await Grain(grains).ListRulesAsync());

    private static async Task<IResult> GetRuleAsync(string name, IGrainFactory grains)
    {
        if (InvalidName(name) is { } refusal) return refusal;
        return await Grain(grains).GetRuleAsync(name) is { } rule ? TypedResults.Ok(rule) : NotFound(name);
    }

    private static async Task<IResult> PutRuleAsync(string name, HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        if (InvalidName(name) is { } refusal) return refusal;
        var (document, problem) = await JsonBodyReader.ReadAsync(request, GatewayLimits.SingleBody(options.Value.MaxPayloadBytes), cancellationToken);
        if (problem is not null) return problem;
        AlertRule rule;
        using (document)
        {
            var (parsed, errors) = AlertRuleParser.Parse(document!.RootElement, name);
            if (parsed is null) return Problems.Invalid("The alert rule is invalid.", errors);
            rule = parsed;
        }
        try
        {
            bool created = await Grain(grains).PutRuleAsync(rule);
            var stored = rule with { Source = AlertLimits.FromApi };
            return created ? TypedResults.Created(Location(name), stored) : TypedResults.Ok(stored);
        }
        catch (ArgumentException invalid)
        {
            return Problems.Invalid("The alert rule is invalid.", invalid.ParamName ?? "body", StripParamName(invalid));
        }
        catch (InvalidOperationException conflict)
        {
            return Conflict(name, conflict.Message);
        }
    }

    private static async Task<IResult> DeleteRuleAsync(string name, IGrainFactory grains)
    {
        if (InvalidName(name) is { } refusal) return refusal;
        try
        {
            return await Grain(grains).DeleteRuleAsync(name) ? TypedResults.NoContent() : NotFound(name);
        }
        catch (InvalidOperationException conflict)
        {
            return Conflict(name, conflict.Message);
        }
    }

    private static string StripParamName(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);

    private static IResult? InvalidName(string name) => AlertLimits.IsValidName(name)
        ? null
        : Problems.Invalid("The alert rule name is invalid.", "name", $"name '{Text.Clip(name)}' must match {AlertLimits.NamePattern}.");

    private static ProblemHttpResult NotFound(string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Alert rule not found.",
            detail: $"There is no alert rule named '{name}'; GET /api/alerts/rules lists them.", extensions: new Dictionary<string, object?> { ["rule"] = name });

    private static ProblemHttpResult Conflict(string name, string message) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The alert rule cannot be changed here.", detail: message,
            extensions: new Dictionary<string, object?> { ["rule"] = name });

    private static string Location(string name) => "/api/alerts/rules/" + Uri.EscapeDataString(name);
}
