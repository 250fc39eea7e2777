using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Alerts;

/// <summary>
/// What is wrong with a rule, field by field (camelCase names as the API has them, after <c>prefix</c>): a name,
/// the thresholds its kind needs and no others, a valid queue and schedule name, an absolute http or https
/// webhook url without user info, and a valid secret name.
/// </summary>
public static class AlertRuleValidator
{
    /// <summary>The problems of <paramref name="rule"/>; empty when it is valid.</summary>
    public static IReadOnlyList<ValidationError> Validate(AlertRule rule, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(rule);
        var errors = new List<ValidationError>();
        void Error(string field, string message) => errors.Add(new ValidationError(prefix + field, message));

        if (!AlertLimits.IsValidName(rule.Name)) Error("name", $"name must match {AlertLimits.NamePattern}.");
        if (!Enum.IsDefined(rule.Kind)) Error("kind", "kind must be one of TaskFailed, OldestPending, QueueDepth, SiloDead, CronMissed.");
        if (rule.Queue is not null && !TaskLimits.IsValidQueue(rule.Queue)) Error("queue", $"queue must match {TaskLimits.QueuePattern}.");
        if (rule.Queue is not null && rule.Kind is AlertKind.SiloDead or AlertKind.CronMissed) Error("queue", $"queue does not apply to {Camel(rule.Kind)}.");
        if (rule.Schedule is not null && !ScheduleLimits.IsValidName(rule.Schedule)) Error("schedule", $"schedule must match {ScheduleLimits.NamePattern}.");
        if (rule.Schedule is not null && rule.Kind != AlertKind.CronMissed) Error("schedule", "schedule applies to cronMissed only.");

        if (rule.Kind == AlertKind.OldestPending && rule.OlderThanMs is not > 0) Error("olderThanMs", "olderThanMs is required for oldestPending and must be positive.");
        if (rule.Kind != AlertKind.OldestPending && rule.OlderThanMs is not null) Error("olderThanMs", "olderThanMs applies to oldestPending only.");
        if (rule.Kind == AlertKind.QueueDepth && rule.Depth is not >= 0) Error("depth", "depth is required for queueDepth and must be 0 or more.");
        if (rule.Kind != AlertKind.QueueDepth && rule.Depth is not null) Error("depth", "depth applies to queueDepth only.");
        if (rule.ForMs is < 0) Error("forMs", "forMs must be 0 or more.");
        if (rule.ForMs is not null && rule.Kind is not (AlertKind.OldestPending or AlertKind.QueueDepth)) Error("forMs", "forMs applies to oldestPending and queueDepth only.");
        if (rule.GraceMs is < 0) Error("graceMs", "graceMs must be 0 or more.");
        if (rule.GraceMs is not null && rule.Kind != AlertKind.CronMissed) Error("graceMs", "graceMs applies to cronMissed only.");

        if (WebhookUrlProblem(rule.WebhookUrl) is { } problem) Error("webhookUrl", problem);
        if (rule.Secret is not null && !AlertLimits.IsValidName(rule.Secret)) Error("secret", $"secret must name a secret matching {AlertLimits.NamePattern}.");
        return errors;
    }

    /// <summary>What is wrong with a webhook url, or null.</summary>
    public static string? WebhookUrlProblem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return "webhookUrl is required.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return "webhookUrl must be an absolute url.";
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return "webhookUrl must be an http or https url.";
        if (uri.UserInfo.Length > 0) return "webhookUrl must not carry user info; sign with a secret instead.";
        return null;
    }

    private static string Camel(AlertKind kind) => char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString()[1..];
}
