using System.Text.RegularExpressions;

namespace OrleansScheduler.Alerts;

/// <summary>The limits of alert rules and the defaults their optional fields take.</summary>
public static partial class AlertLimits
{
    /// <summary>What a rule's name (and a secret's) must match.</summary>
    public const string NamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";

    /// <summary>How late a cron tick may be before <see cref="AlertKind.CronMissed"/> counts it missed, when the rule says nothing: 1 minute.</summary>
    public const long DefaultGraceMs = 60_000;

    /// <summary>How many firings the alert grain keeps for <c>GET /api/alerts</c>.</summary>
    public const int KeptFirings = 100;

    /// <summary>How many rules the API may add.</summary>
    public const int MaxApiRules = 100;

    /// <summary>The source of rules from configuration.</summary>
    public const string FromConfiguration = "configuration";

    /// <summary>The source of rules from the API.</summary>
    public const string FromApi = "api";

    /// <summary>Whether <paramref name="name"/> matches <see cref="NamePattern"/>.</summary>
    public static bool IsValidName(string? name) => name is not null && NameRegex().IsMatch(name);

    [GeneratedRegex(NamePattern)]
    private static partial Regex NameRegex();
}
