using Microsoft.Extensions.Options;

namespace OrleansScheduler.Executors.Http;

/// <summary>Checks <see cref="HttpExecutorOptions"/> at start, naming the configuration key that is wrong (never a secret's value).</summary>
public sealed class HttpExecutorOptionsValidator : IValidateOptions<HttpExecutorOptions>
{
    private const string Section = HttpExecutorOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HttpExecutorOptions options)
    {
        var errors = new List<string>();
        for (int i = 0; i < options.AllowedHosts.Count; i++)
        {
            if (!HostAllowList.TryParse(options.AllowedHosts[i], out _, out string? why))
                errors.Add($"{Section}:AllowedHosts:{i} ('{options.AllowedHosts[i]}') {why}");
        }
        // Configured names follow the defaults in the list, so a position would not be the configuration's index.
        if (options.RedactedHeaders.Any(string.IsNullOrWhiteSpace))
            errors.Add($"{Section}:RedactedHeaders holds an empty entry; give header names.");
        foreach (var (secret, value) in options.Secrets)
        {
            if (string.IsNullOrEmpty(value)) errors.Add($"{Section}:Secrets:{secret} is empty.");
            else if (value.Contains('\r') || value.Contains('\n')) errors.Add($"{Section}:Secrets:{secret} holds a line break, which no header value may.");
        }
        if (options.MaxResponseBytes <= 0) errors.Add($"{Section}:MaxResponseBytes is {options.MaxResponseBytes}; it must be positive.");
        if (options.MaxRedirects < 0) errors.Add($"{Section}:MaxRedirects is {options.MaxRedirects}; it must be 0 or more.");
        if (options.RetriesWithinAttempt < 0) errors.Add($"{Section}:RetriesWithinAttempt is {options.RetriesWithinAttempt}; it must be 0 or more.");
        if (options.MaxRetryAfterWithinAttempt < TimeSpan.Zero)
            errors.Add($"{Section}:MaxRetryAfterWithinAttempt is {options.MaxRetryAfterWithinAttempt}; it must be 0 or more.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
