using Microsoft.Extensions.Options;
using OrleansScheduler.Alerts;

namespace OrleansScheduler.Server.Alerts;

/// <summary>Refuses at start a <c>Scheduler:Alerts</c> section whose rules are invalid, repeat a name, or name a secret it lacks, or whose timings are not positive.</summary>
internal sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        const string Section = AlertOptions.SectionName;
        var errors = new List<string>();
        for (int i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            errors.AddRange(AlertRuleValidator.Validate(rule, $"{Section}:Rules:{i}:").Select(e => $"{e.Field}: {e.Message}"));
            if (rule.Secret is not null && !options.Secrets.ContainsKey(rule.Secret))
                errors.Add($"{Section}:Rules:{i}:secret names '{rule.Secret}', which {Section}:Secrets lacks.");
            if (options.Rules.Take(i).Any(r => r.Name == rule.Name)) errors.Add($"{Section}:Rules:{i}:name '{rule.Name}' is taken by an earlier rule.");
        }
        foreach (var (secret, value) in options.Secrets)
            if (string.IsNullOrEmpty(value)) errors.Add($"{Section}:Secrets:{secret} is empty.");
        if (options.EvaluationInterval <= TimeSpan.Zero) errors.Add($"{Section}:EvaluationInterval must be positive.");
        if (options.DedupWindow < TimeSpan.Zero) errors.Add($"{Section}:DedupWindow must be 0 or more.");
        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
            errors.Add($"{Section}:RetryBaseDelay must be positive and RetryMaxDelay at least as long.");
        if (options.MaxAttempts < 1) errors.Add($"{Section}:MaxAttempts must be 1 or more.");
        if (options.RequestTimeout <= TimeSpan.Zero) errors.Add($"{Section}:RequestTimeout must be positive.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
