using System.Text.Json;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>Reading a request's JSON objects the way every parser of the API does.</summary>
internal static class JsonProperties
{
    /// <summary>
    /// The object's properties, each name once: a repeated one is reported under <c>&lt;prefix&gt;&lt;name&gt;</c>
    /// ("name appears more than once.") and skipped.
    /// </summary>
    public static IEnumerable<JsonProperty> Unique(JsonElement element, string prefix, List<ValidationError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (seen.Add(property.Name)) yield return property;
            else errors.Add(new ValidationError(prefix + Text.Clip(property.Name), $"{Text.Clip(property.Name)} appears more than once."));
        }
    }
}
