namespace OrleansScheduler.Http;

/// <summary>
/// What the caller of a request may do, for endpoints and pages that adapt to it (the dashboard hides the
/// buttons a read key cannot use): <see cref="RoleOf"/>. The rule is the same as the one <c>/api/*</c>
/// enforces: GET and HEAD need any role, every other method the admin role.
/// </summary>
public static class ApiKeyRoles
{
    /// <summary>The request header that carries the key.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>The <see cref="HttpContext.Items"/> key under which an <c>/api/*</c> request's role is kept once its key is checked.</summary>
    public const string ItemKey = "OrleansScheduler.ApiRole";

    /// <summary>The <see cref="HttpContext.Items"/> key under which an <c>/api/*</c> request's key name is kept once its key is checked (absent while the API is open).</summary>
    public const string KeyNameItemKey = "OrleansScheduler.ApiKeyName";

    /// <summary>
    /// The role of the key <paramref name="context"/> carries: <see cref="ApiRole.Admin"/> when no key is configured
    /// (the API is open); null when keys are configured and the request carries none of them. Works on any path of
    /// an app that called <c>AddTaskSchedulerApi</c>; under <c>/api</c> it reads what the key check already found.
    /// </summary>
    public static ApiRole? RoleOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(ItemKey, out object? known) && known is ApiRole role) return role;
        var keys = context.RequestServices.GetRequiredService<ApiKeyRing>();
        if (keys.IsOpen) return ApiRole.Admin;
        string? given = context.Request.Headers[HeaderName];
        return string.IsNullOrEmpty(given) ? null : keys.Match(given)?.Role;
    }

    /// <summary>Whether <paramref name="role"/> may make a request with <paramref name="method"/> (GET, POST, …).</summary>
    public static bool Allows(ApiRole role, string method) => role >= Needed(method);

    /// <summary>The least role a request with <paramref name="method"/> needs: read for GET and HEAD, admin otherwise.</summary>
    public static ApiRole Needed(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? ApiRole.Read : ApiRole.Admin;

    /// <summary>The role as configuration and problems spell it: <c>read</c> or <c>admin</c>.</summary>
    public static string Name(ApiRole role) => role == ApiRole.Admin ? "admin" : "read";
}
