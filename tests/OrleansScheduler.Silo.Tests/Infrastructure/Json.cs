using System.Text.Json;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>Small readers for JSON answers.</summary>
public static class Json
{
    /// <summary>A string property, failing the test with the whole object when it is null.</summary>
    public static string Str(this JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new Xunit.Sdk.XunitException($"{name} is null in {element}");
}
