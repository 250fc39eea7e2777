namespace OrleansScheduler.Http;

/// <summary>
/// Guards <c>/api/*</c> when API keys are configured: a request without a key, or with one that is none of them,
/// is a 401 problem; a read key asking for anything but GET or HEAD is a 403 problem naming its role and the one
/// needed. It runs before the endpoint (and before any body is read), so an unknown route under <c>/api</c> is
/// refused the same way and says nothing of what exists. The caller's role goes to <see cref="ApiKeyRoles"/>.
/// Keys are never logged: refusals name the key by its configuration path. There is no command-line shortcut
/// for a key on purpose: arguments are visible to every user in <c>ps</c>.
/// </summary>
internal sealed partial class ApiKeyMiddleware(RequestDelegate next, ApiKeyRing keys, ILogger<ApiKeyMiddleware> logger)
{
    /// <summary>The path the keys guard.</summary>
    public static readonly PathString ApiPath = "/api";

    /// <summary>Serves <paramref name="context"/> if its key allows, else answers the problem.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(ApiPath)) return next(context);
        if (keys.IsOpen)
        {
            context.Items[ApiKeyRoles.ItemKey] = ApiRole.Admin;
            return next(context);
        }
        var request = context.Request;
        string? given = request.Headers[ApiKeyRoles.HeaderName];
        if (string.IsNullOrEmpty(given))
        {
            LogMissing(logger, request.Method, request.Path);
            return Unauthorized(context, "API key required.", $"This API requires a key in the {ApiKeyRoles.HeaderName} header.");
        }
        if (keys.Match(given) is not { } key)
        {
            LogInvalid(logger, request.Method, request.Path);
            return Unauthorized(context, "API key not valid.", $"The {ApiKeyRoles.HeaderName} header does not hold a valid key.");
        }
        var needed = ApiKeyRoles.Needed(request.Method);
        if (key.Role < needed)
        {
            LogForbidden(logger, key.Name, key.Role, request.Method, request.Path, needed);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: $"The {ApiKeyRoles.Name(needed)} role is required.",
                detail: $"This API key has the {ApiKeyRoles.Name(key.Role)} role; {request.Method} {request.Path} needs the {ApiKeyRoles.Name(needed)} role.",
                extensions: new Dictionary<string, object?> { ["role"] = ApiKeyRoles.Name(key.Role), ["requiredRole"] = ApiKeyRoles.Name(needed) })
                .ExecuteAsync(context);
        }
        context.Items[ApiKeyRoles.ItemKey] = key.Role;
        context.Items[ApiKeyRoles.KeyNameItemKey] = key.Name;
        return next(context);
    }

    private static Task Unauthorized(HttpContext context, string title, string detail)
    {
        context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKeyRoles.HeaderName}\"";
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: title, detail: detail).ExecuteAsync(context);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Refused {Method} {Path}: no API key")]
    private static partial void LogMissing(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Refused {Method} {Path}: the API key is not valid")]
    private static partial void LogInvalid(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Refused {Method} {Path} to the key {KeyName} (role {Role}): it needs the {Needed} role")]
    private static partial void LogForbidden(ILogger logger, string keyName, ApiRole role, string method, string path, ApiRole needed);
}
