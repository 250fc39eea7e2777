using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OrleansScheduler.Http;

/// <summary>Corrections to the generated OpenAPI schemas so they say what the gateway accepts.</summary>
internal static class OpenApiSchemas
{
    /// <summary>
    /// The web JSON defaults let a serializer read numbers from strings, so the generator types
    /// integers as "integer or string"; the gateway's parser takes JSON numbers only.
    /// </summary>
    public static Task IntegersAreNumbersOnly(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Integer) && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        return Task.CompletedTask;
    }
}
