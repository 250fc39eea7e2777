using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OrleansScheduler.Executors.Http;

/// <summary>
/// The hosts of <see cref="HttpExecutorOptions.AllowedHosts"/>: an exact host or a <c>*.</c> wildcard that matches
/// subdomains only, with an optional port (none: any port). Host names compare case-insensitively.
/// </summary>
internal sealed class HostAllowList(IReadOnlyList<HostAllowList.Entry> entries)
{
    /// <summary>One allow-list entry: <paramref name="Host"/> without the wildcard, lower case (IPv6 in brackets, as <see cref="Uri.Host"/> has it).</summary>
    internal sealed record Entry(string Host, bool Subdomains, int? Port);

    /// <summary>The allow-list of valid <paramref name="configured"/> entries (the validator refuses the others at start).</summary>
    public static HostAllowList From(IEnumerable<string> configured) =>
        new([.. configured.Select(e => TryParse(e, out var entry, out _) ? entry : null).OfType<Entry>()]);

    /// <summary>True when <paramref name="url"/>'s host and port are allowed.</summary>
    public bool Allows(Uri url)
    {
        string host = url.Host.ToLowerInvariant(), idn = url.IdnHost.ToLowerInvariant();
        return entries.Any(e => (e.Port is null || e.Port == url.Port) && (Matches(e, host) || Matches(e, idn)));
    }

    private static bool Matches(Entry entry, string host) =>
        entry.Subdomains ? host.EndsWith("." + entry.Host, StringComparison.Ordinal) : host == entry.Host;

    /// <summary>Parses one entry; <paramref name="why"/> says what is wrong with a bad one.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Entry? entry, [NotNullWhen(false)] out string? why)
    {
        entry = null;
        string value = text?.Trim() ?? "";
        if (value.Length == 0) return Bad("is empty; give a host such as api.example.com or *.example.com, optionally with :port.", out why);
        if (value.Contains('/') || value.Contains('@')) return Bad("must be a host, optionally with :port, not a url.", out why);

        string host = value;
        string? port = null;
        if (value.StartsWith('['))
        {
            int close = value.IndexOf(']');
            if (close < 0) return Bad("opens an IPv6 address with '[' but never closes it.", out why);
            host = value[..(close + 1)];
            string rest = value[(close + 1)..];
            if (rest.Length > 0)
            {
                if (!rest.StartsWith(':')) return Bad("has text after the IPv6 address that is not :port.", out why);
                port = rest[1..];
            }
        }
        else if (value.Count(c => c == ':') == 1)
        {
            host = value[..value.IndexOf(':')];
            port = value[(value.IndexOf(':') + 1)..];
        }
        else if (value.Contains(':')) return Bad("looks like an IPv6 address: write it in brackets, as [::1] or [::1]:8080.", out why);

        int? number = null;
        if (port is not null)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p is < 1 or > 65535)
                return Bad($"has port '{port}'; a port is a number from 1 to 65535.", out why);
            number = p;
        }

        bool subdomains = host.StartsWith("*.", StringComparison.Ordinal);
        string name = subdomains ? host[2..] : host;
        var kind = Uri.CheckHostName(name.Trim('[', ']'));
        bool valid = subdomains ? kind == UriHostNameType.Dns : kind != UriHostNameType.Unknown;
        if (name.Contains('*') || !valid)
            return Bad("is not a host name: use a name such as api.example.com, a wildcard *.example.com (subdomains only) or an IP address.", out why);
        if (kind == UriHostNameType.IPv6 && !name.StartsWith('[')) return Bad("is an IPv6 address: write it in brackets, as [::1].", out why);

        entry = new Entry(name.ToLowerInvariant(), subdomains, number);
        why = null;
        return true;
    }

    private static bool Bad(string reason, out string why)
    {
        why = reason;
        return false;
    }
}
