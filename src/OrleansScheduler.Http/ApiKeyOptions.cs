namespace OrleansScheduler.Http;

/// <summary>
/// One API key of <see cref="ApiOptions.ApiKeys"/>, bound from <c>Scheduler:ApiKeys:&lt;name&gt;:Key</c> and
/// <c>Scheduler:ApiKeys:&lt;name&gt;:Role</c>, where the name is an index (<c>0</c>, <c>1</c>, as a JSON array
/// gives) or a word (<c>ci</c>, <c>dashboard</c>); logs and start-up errors name a key by it, never by the key.
/// </summary>
public sealed class ApiKeyOptions
{
    /// <summary>The secret the caller sends in <c>X-Api-Key</c>; must not be empty, nor equal another key.</summary>
    public string? Key { get; set; }

    /// <summary><c>read</c> or <c>admin</c> (any case); see <see cref="ApiRole"/>. Required.</summary>
    public string? Role { get; set; }

    /// <summary>The role alone: the key stays out of anything that prints options.</summary>
    public override string ToString() => $"API key with role {Role}";
}
