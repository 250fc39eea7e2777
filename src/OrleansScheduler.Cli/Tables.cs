using System.Globalization;
using Spectre.Console;

namespace OrleansScheduler.Cli;

/// <summary>Table helpers: cells are plain text (an id with brackets is not Spectre markup), times in UTC.</summary>
public static class Tables
{
    /// <summary>A table with these column headers.</summary>
    public static Table New(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (string column in columns) table.AddColumn(new TableColumn(new Text(column)));
        return table;
    }

    /// <summary>Adds a row of plain-text cells; null shows as empty.</summary>
    public static Table Row(this Table table, params string?[] cells)
    {
        table.AddRow([.. cells.Select(c => new Text(c ?? ""))]);
        return table;
    }

    /// <summary>A two-column field/value table, for one object.</summary>
    public static Table Fields(params (string Field, string? Value)[] fields)
    {
        var table = New("field", "value");
        foreach (var (field, value) in fields) table.Row(field, value);
        return table;
    }

    /// <summary>A time as ISO 8601 UTC to the second; empty for none.</summary>
    public static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A number, invariant; empty for none.</summary>
    public static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>A whole number, invariant; empty for none.</summary>
    public static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>A duration in milliseconds, readable (<c>850 ms</c>, <c>12.3 s</c>, <c>4.0 min</c>); empty for none.</summary>
    public static string Age(long? ms) => ms switch
    {
        null => "",
        < 1000 => ms.Value.ToString(CultureInfo.InvariantCulture) + " ms",
        < 60_000 => (ms.Value / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s",
        < 3_600_000 => (ms.Value / 60_000.0).ToString("0.0", CultureInfo.InvariantCulture) + " min",
        _ => (ms.Value / 3_600_000.0).ToString("0.0", CultureInfo.InvariantCulture) + " h",
    };
}
