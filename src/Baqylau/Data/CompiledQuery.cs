using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Baqylau.Data;

/// <summary>
/// An EF compiled query kept per model. Compiling skips building, hashing and looking up the LINQ tree on every
/// call, which on the hottest public reads cost more than the database did. EF binds a compiled query to the first
/// model it runs against; the app has one, but a test process hosts several apps, so each model gets its own.
/// </summary>
public sealed class CompiledQuery<TDelegate>(Func<TDelegate> compile)
    where TDelegate : class
{
    private readonly ConditionalWeakTable<IModel, TDelegate> byModel = new();

    public TDelegate For(DbContext db) => byModel.GetValue(db.Model, _ => compile());
}
