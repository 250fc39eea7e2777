using System.Text.Json;
using OrleansScheduler.Grains;

public sealed record ShipOrder(int Parcels);

// An order as the application's grain: tasks with "target": {"grain": "ship-order", "key": order id} run in it.
public sealed class ShipOrderGrain : Grain, ITaskTargetGrain
{
    private string? _shippedBy; // in memory for the sample; a real order keeps it with [PersistentState]

    public async Task<string?> RunTaskAsync(TaskRun run, CancellationToken cancellationToken)
    {
        // Runs at least once per task: the order remembers the task that shipped it, so a rerun changes nothing.
        var order = run.GetPayload<ShipOrder>()!;
        if (_shippedBy is null)
        {
            for (int parcel = 1; parcel <= order.Parcels; parcel++)
            {
                await Task.Delay(10, cancellationToken);   // fires on the task's timeout, a cancel, or its silo's death
                await run.ReportProgressAsync(parcel * 100 / order.Parcels, $"parcel {parcel} labelled");
            }
            _shippedBy = run.TaskId;
        }
        return JsonSerializer.Serialize(new { order = this.GetPrimaryKeyString(), shippedBy = _shippedBy });
    }
}
