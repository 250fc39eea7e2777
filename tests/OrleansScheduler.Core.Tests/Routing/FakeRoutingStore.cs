using OrleansScheduler.Storage;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests.Routing;

/// <summary>
/// The routing half of the store port, kept in a few lists as the routing spec describes it (lanes by
/// RoutedTo, an idempotent reroute, a per-queue round-robin cursor, queue defaults), recording every call:
/// the router's tests run on it without waiting for a store's real lanes. Everything else goes to an in-memory store.
/// </summary>
internal sealed class FakeRoutingStore(TimeProvider clock) : DelegatingTaskStore(new InMemoryTaskStore(clock))
{
    private readonly Lock _gate = new();
    private readonly List<RoutedTask> _lanes = [];
    private readonly Dictionary<string, long> _cursors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskRouting?> _defaults = new(StringComparer.Ordinal);

    /// <summary>Every routing call, as "Name(queue[, argument])".</summary>
    public List<string> Calls { get; } = [];

    /// <summary>The tasks failed by a reroute, with their errors.</summary>
    public Dictionary<string, string> Failed { get; } = [];

    /// <summary>Runs just before each reroute is applied, as another silo's reroute landing first would.</summary>
    public Action? BeforeReroute { get; set; }

    public void Route(string id, TaskRouting routing, string routedTo, DateTimeOffset since, string queue = Silos.Queue)
    {
        lock (_gate) _lanes.Add(new RoutedTask(id, queue, routing, routedTo, since, since));
    }

    /// <summary>Where a task waits now; null once it left its lanes (failed).</summary>
    public string? RoutedTo(string id)
    {
        lock (_gate) return _lanes.FirstOrDefault(t => t.Id == id)?.RoutedTo;
    }

    public void SetCursor(string queue, long value)
    {
        lock (_gate) _cursors[queue] = value;
    }

    public void SetDefault(string queue, TaskRouting? routing)
    {
        lock (_gate) _defaults[queue] = routing;
    }

    public int CallsOf(string name)
    {
        lock (_gate) return Calls.Count(c => c.StartsWith(name + "(", StringComparison.Ordinal));
    }

    public override Task<long> AdvanceRoundRobinAsync(string queue, int count, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Calls.Add($"AdvanceRoundRobin({queue}, {count})");
            long before = _cursors.GetValueOrDefault(queue);
            _cursors[queue] = before + count;
            return Task.FromResult(before);
        }
    }

    public override Task<IReadOnlyList<string>> ListRoutedSilosAsync(string queue, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Calls.Add($"ListRoutedSilos({queue})");
            IReadOnlyList<string> silos = [.. _lanes.Where(t => t.Queue == queue).Select(t => t.RoutedTo).Distinct().Order(StringComparer.Ordinal)];
            return Task.FromResult(silos);
        }
    }

    public override Task<IReadOnlyList<RoutedTask>> ListRoutedAsync(string queue, string silo, int max, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Calls.Add($"ListRouted({queue}, {silo})");
            IReadOnlyList<RoutedTask> tasks = [.. _lanes.Where(t => t.Queue == queue && t.RoutedTo == silo).Take(max)];
            return Task.FromResult(tasks);
        }
    }

    public override Task<IReadOnlyList<bool>> RerouteAsync(string queue, IReadOnlyList<TaskReroute> moves, CancellationToken cancellationToken = default)
    {
        BeforeReroute?.Invoke();
        lock (_gate)
        {
            Calls.Add($"Reroute({queue}, {moves.Count})");
            var made = new bool[moves.Count];
            for (int i = 0; i < moves.Count; i++)
            {
                var move = moves[i];
                int at = _lanes.FindIndex(t => t.Id == move.Id && t.Queue == queue && t.RoutedTo == move.From);
                if (at < 0) continue;
                made[i] = true;
                if (move.Error is not null)
                {
                    Failed[move.Id] = move.Error;
                    _lanes.RemoveAt(at);
                }
                else
                {
                    // A moved task goes to the back of its new lane and starts waiting anew.
                    var moved = _lanes[at] with { RoutedTo = move.To!, Since = clock.GetUtcNow() };
                    _lanes.RemoveAt(at);
                    _lanes.Add(moved);
                }
            }
            return Task.FromResult<IReadOnlyList<bool>>(made);
        }
    }

    public override Task SetQueueRoutingAsync(string queue, TaskRouting? routing, CancellationToken cancellationToken = default)
    {
        SetDefault(queue, routing);
        return Task.CompletedTask;
    }

    public override Task<TaskRouting?> GetQueueRoutingAsync(string queue, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Calls.Add($"GetQueueRouting({queue})");
            return Task.FromResult(_defaults.GetValueOrDefault(queue));
        }
    }
}
