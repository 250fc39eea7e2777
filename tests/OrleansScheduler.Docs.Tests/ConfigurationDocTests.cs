using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using OrleansScheduler.Hosting;
using OrleansScheduler.Http;
using OrleansScheduler.Redis;

namespace OrleansScheduler.Docs.Tests;

/// <summary>docs/configuration.md's tables state the defaults the code has, and name every scheduler option.</summary>
public sealed partial class ConfigurationDocTests
{
    private static readonly Dictionary<string, string> Documented = ReadTables();

    /// <summary>Where each documented section's keys bind.</summary>
    private static readonly (string Prefix, object Options)[] Sections =
    [
        ("Scheduler:RedisStore:", new RedisStoreOptions()),
        ("Scheduler:Events:", new EventStreamOptions()),
        ("Scheduler:RateLimit:", new SubmissionRateLimitOptions()),
        ("Scheduler:Tls:", new OrleansScheduler.Tls.OrleansTlsOptions()),
        ("Scheduler:", new SchedulerOptions()),
        ("Scheduler:", new ApiOptions()),
    ];

    [Fact]
    public void every_documented_default_is_the_codes()
    {
        var wrong = new List<string>();
        // Scheduler:Redis and Scheduler:RedisTls:* are the executables' own keys, read by name (all unset by default).
        foreach (var (key, documented) in Documented.Where(d => d.Key.StartsWith("Scheduler:", StringComparison.Ordinal)
            && d.Key != "Scheduler:Redis" && !d.Key.StartsWith("Scheduler:RedisTls:", StringComparison.Ordinal)))
        {
            if (key.Contains('<', StringComparison.Ordinal)) continue; // a family of keys (Labels:<key>), documented as "none"
            object? value = Resolve(key, out bool found);
            if (!found) wrong.Add($"{key}: no option of that name");
            else if (Format(value) != documented) wrong.Add($"{key}: documented {documented}, the code's default is {Format(value)}");
        }
        Assert.True(wrong.Count == 0, "docs/configuration.md disagrees with the code:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void every_scheduler_option_is_documented()
    {
        var keys = Properties(typeof(SchedulerOptions), "Scheduler:").ToList();
        var missing = keys.Where(k => !Documented.Keys.Any(d => d == k || d.StartsWith(k + ":", StringComparison.Ordinal))).ToList();
        Assert.True(missing.Count == 0, $"SchedulerOptions settings docs/configuration.md does not list: {string.Join(", ", missing)}");
    }

    private static IEnumerable<string> Properties(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            bool nested = property.PropertyType.IsClass && property.PropertyType != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(property.PropertyType);
            if (nested)
            {
                foreach (string inner in Properties(property.PropertyType, prefix + property.Name + ":")) yield return inner;
            }
            else yield return prefix + property.Name;
        }
    }

    private static object? Resolve(string key, out bool found)
    {
        foreach (var (prefix, options) in Sections)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            object? current = options;
            found = true;
            foreach (string name in key[prefix.Length..].Split(':'))
            {
                var property = current?.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
                if (property is null)
                {
                    found = false;
                    break;
                }
                current = property.GetValue(current);
            }
            if (found) return current;
        }
        found = false;
        return null;
    }

    /// <summary>A default as the docs write it.</summary>
    private static string Format(object? value) => value switch
    {
        null => "unset",
        bool b => b ? "true" : "false",
        TimeSpan t => t.Milliseconds == 0 ? t.ToString("c", CultureInfo.InvariantCulture) : t.ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture),
        string s => s,
        IDictionary d => d.Count == 0 ? "none" : string.Join(",", d.Keys.Cast<object>()),
        IEnumerable e => string.Join(",", e.Cast<object>()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Every table row of the form | `key` | `default` or word | ….</summary>
    private static Dictionary<string, string> ReadTables()
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadAllLines(Path.Combine(DocFiles.Root, "docs", "configuration.md")))
        {
            var row = Row().Match(line);
            if (row.Success) rows[row.Groups[1].Value] = row.Groups[2].Value.Trim().Trim('`');
        }
        return rows;
    }

    [GeneratedRegex(@"^\| `([A-Za-z]+:[^`]+)` \| ([^|]+) \|")]
    private static partial Regex Row();
}
