using System.Security.Cryptography;
using System.Text;

namespace OrleansScheduler.Http;

/// <summary>
/// When <c>Scheduler:ApiKey</c> is set, refuses <c>/api/*</c> requests whose <c>X-Api-Key</c> header
/// is missing or different (401). The comparison takes the same time wherever the first differing
/// byte is, so response timing does not reveal how much of a guess was right. There is no
/// command-line shortcut for the key on purpose: arguments are visible to every user in <c>ps</c>.
/// </summary>
internal sealed class ApiKeyFilter(string? apiKey) : IEndpointFilter
{
    /// <summary>The header that carries the key.</summary>
    public const string HeaderName = "X-Api-Key";

    private readonly byte[]? _key = string.IsNullOrEmpty(apiKey) ? null : Encoding.UTF8.GetBytes(apiKey);

    /// <inheritdoc />
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_key is null) return next(context);
        string? given = context.HttpContext.Request.Headers[HeaderName];
        if (given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _key)) return next(context);
        return ValueTask.FromResult<object?>(TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "API key required.",
            detail: given is null ? $"This gateway requires the {HeaderName} header." : $"The {HeaderName} header does not hold a valid key."));
    }
}
