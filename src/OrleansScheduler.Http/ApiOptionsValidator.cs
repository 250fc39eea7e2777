using Microsoft.Extensions.Options;

namespace OrleansScheduler.Http;

/// <summary>
/// Refuses API keys that cannot be meant: an empty key, a role other than read or admin, one key given twice.
/// Each message names the key by its configuration path (<c>Scheduler:ApiKeys:1</c>), never by its value.
/// </summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    /// <summary>The roles as configuration spells them.</summary>
    public const string Roles = "read or admin";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        // Each key's first holder, to name it in a duplicate's message.
        var holders = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(options.ApiKey)) holders[options.ApiKey] = ApiOptions.Section + ":ApiKey";
        foreach (var (key, entry) in options.ApiKeys.OrderBy(k => k.Key, StringComparer.OrdinalIgnoreCase))
        {
            string path = NameOf(key);
            if (string.IsNullOrEmpty(entry.Key)) failures.Add($"{path}:Key is empty; give the key or remove {path}.");
            else if (holders.TryGetValue(entry.Key, out string? first)) failures.Add($"{path}:Key is the same key as {first}; every key must be different.");
            else holders[entry.Key] = path;

            if (string.IsNullOrWhiteSpace(entry.Role)) failures.Add($"{path}:Role is missing; it must be {Roles}.");
            else if (ParseRole(entry.Role) is null) failures.Add($"{path}:Role must be {Roles}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The configuration path of the key named <paramref name="name"/>.</summary>
    public static string NameOf(string name) => $"{ApiOptions.Section}:{nameof(ApiOptions.ApiKeys)}:{name}";

    /// <summary>The role <paramref name="role"/> spells (any case), or null for anything else (numbers included).</summary>
    public static ApiRole? ParseRole(string? role) => role?.Trim().ToLowerInvariant() switch
    {
        "read" => ApiRole.Read,
        "admin" => ApiRole.Admin,
        _ => null,
    };
}
