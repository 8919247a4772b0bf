using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Touchpoint.Tests.Architecture;

/// <summary>
/// The compiled app read as a graph of modules (Platform, Kit, each feature, Shell): which module's code refers to
/// which other's, and which methods write to another module's entities. Read from the IL with Mono.Cecil, so it sees
/// what the compiler produced — lambdas, async state machines and Razor components included.
/// </summary>
public sealed class CodeGraph
{
    private readonly ModuleDefinition _module;
    private readonly Func<string, string?> _moduleOf;

    public CodeGraph(string assemblyPath, Func<string, string?> moduleOfNamespace)
    {
        _module = ModuleDefinition.ReadModule(assemblyPath, new ReaderParameters { ReadSymbols = false });
        _moduleOf = moduleOfNamespace;
    }

    /// <summary>The module of a type by its namespace (nested types by their outermost type's); null for the composition root.</summary>
    public string? ModuleOf(TypeReference type)
    {
        while (type.IsNested)
        {
            type = type.DeclaringType;
        }
        return _moduleOf(type.Namespace);
    }

    public IEnumerable<TypeDefinition> Types => _module.GetTypes();

    /// <summary>Every (from, to, where) reference between two different modules of this app.</summary>
    public IEnumerable<(string From, string To, string Where)> References()
    {
        foreach (var type in Types)
        {
            if (ModuleOf(type) is not { } from)
            {
                continue;
            }
            foreach (var (referenced, where) in ReferencedTypes(type))
            {
                if (referenced.Scope?.Name is { } scope && scope != _module.Name && scope != _module.Assembly.Name.Name)
                {
                    continue;
                }
                if (ModuleOf(referenced) is { } to && to != from)
                {
                    yield return (from, to, $"{type.FullName} → {referenced.FullName} ({where})");
                }
            }
        }
    }

    /// <summary>Every method that writes to a type of <paramref name="isEntity"/>: property setters, fields, entity methods that change state, and EF calls that add, remove or bulk-change rows of it.</summary>
    public IEnumerable<(string From, TypeReference Entity, string Where)> EntityWrites(Func<TypeReference, bool> isEntity)
    {
        foreach (var type in Types)
        {
            if (ModuleOf(type) is not { } from)
            {
                continue;
            }
            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                foreach (var instruction in method.Body.Instructions)
                {
                    switch (instruction.Operand)
                    {
                        case FieldReference field when instruction.OpCode.Code is Code.Stfld or Code.Stsfld && isEntity(field.DeclaringType):
                            yield return (from, field.DeclaringType, $"{type.FullName}.{method.Name} sets field {field.Name}");
                            break;
                        case MethodReference called when instruction.OpCode.Code is Code.Call or Code.Callvirt or Code.Newobj:
                            if (isEntity(called.DeclaringType) && instruction.OpCode.Code != Code.Newobj && IsChange(called))
                            {
                                yield return (from, called.DeclaringType, $"{type.FullName}.{method.Name} calls {called.DeclaringType.Name}.{called.Name}");
                            }
                            if (IsEfWrite(called) && GenericArguments(called).FirstOrDefault(isEntity) is { } written)
                            {
                                yield return (from, written, $"{type.FullName}.{method.Name} calls {called.Name}<{written.Name}>");
                            }
                            break;
                    }
                }
            }
        }
    }

    /// <summary>
    /// A call that changes an entity: a property setter, or an instance method that returns nothing or a result of its
    /// own kind (the entities' guard methods: <c>MoveTo</c>, <c>SetSla</c>, <c>Assign</c>); queries return values.
    /// </summary>
    private static bool IsChange(MethodReference m) =>
        m.HasThis && (m.Name.StartsWith("set_", StringComparison.Ordinal)
                      || !m.Name.StartsWith("get_", StringComparison.Ordinal) && !m.Name.StartsWith('<') && m.Name != ".ctor"
                         && m.ReturnType.FullName is "System.Void");

    private static readonly HashSet<string> EfWrites =
    [
        "Add", "AddAsync", "AddRange", "AddRangeAsync", "Update", "UpdateRange", "Remove", "RemoveRange", "Attach", "AttachRange",
        "ExecuteUpdate", "ExecuteUpdateAsync", "ExecuteDelete", "ExecuteDeleteAsync",
    ];

    private static bool IsEfWrite(MethodReference m) =>
        EfWrites.Contains(m.Name) && (m.DeclaringType.Namespace.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                                      || m.DeclaringType.Name.Contains("DbContext", StringComparison.Ordinal) || m.DeclaringType.Name.Contains("TouchpointDb", StringComparison.Ordinal));

    private static IEnumerable<TypeReference> GenericArguments(MethodReference m)
    {
        if (m is GenericInstanceMethod gm)
        {
            foreach (var a in gm.GenericArguments)
            {
                yield return a;
            }
        }
        if (m.DeclaringType is GenericInstanceType gt)
        {
            foreach (var a in gt.GenericArguments)
            {
                yield return a;
            }
        }
        foreach (var p in m.Parameters)
        {
            yield return p.ParameterType;
        }
    }

    private static IEnumerable<(TypeReference Type, string Where)> ReferencedTypes(TypeDefinition type)
    {
        if (type.BaseType is { } b)
        {
            foreach (var t in Expand(b)) { yield return (t, "base"); }
        }
        foreach (var i in type.Interfaces)
        {
            foreach (var t in Expand(i.InterfaceType)) { yield return (t, "interface"); }
        }
        foreach (var a in type.CustomAttributes)
        {
            foreach (var t in Expand(a.AttributeType)) { yield return (t, "attribute"); }
        }
        foreach (var f in type.Fields)
        {
            foreach (var t in Expand(f.FieldType)) { yield return (t, $"field {f.Name}"); }
        }
        foreach (var p in type.Properties)
        {
            foreach (var t in Expand(p.PropertyType)) { yield return (t, $"property {p.Name}"); }
        }
        foreach (var m in type.Methods)
        {
            foreach (var t in Expand(m.ReturnType)) { yield return (t, $"{m.Name} returns"); }
            foreach (var p in m.Parameters)
            {
                foreach (var t in Expand(p.ParameterType)) { yield return (t, $"{m.Name} parameter"); }
            }
            foreach (var a in m.CustomAttributes)
            {
                foreach (var t in Expand(a.AttributeType)) { yield return (t, $"{m.Name} attribute"); }
            }
            if (!m.HasBody)
            {
                continue;
            }
            foreach (var v in m.Body.Variables)
            {
                foreach (var t in Expand(v.VariableType)) { yield return (t, $"{m.Name} local"); }
            }
            foreach (var instruction in m.Body.Instructions)
            {
                var operands = instruction.Operand switch
                {
                    TypeReference t => Expand(t),
                    MethodReference mr => Expand(mr.DeclaringType).Concat(Expand(mr.ReturnType)).Concat(mr.Parameters.SelectMany(p => Expand(p.ParameterType)))
                        .Concat(mr is GenericInstanceMethod g ? g.GenericArguments.SelectMany(Expand) : []),
                    FieldReference fr => Expand(fr.DeclaringType).Concat(Expand(fr.FieldType)),
                    _ => [],
                };
                foreach (var t in operands)
                {
                    yield return (t, $"{m.Name} body");
                }
            }
        }
    }

    /// <summary>A type and the types inside it (generic arguments, element types).</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference type)
    {
        switch (type)
        {
            case GenericInstanceType g:
                yield return g.ElementType;
                foreach (var a in g.GenericArguments.SelectMany(Expand))
                {
                    yield return a;
                }
                break;
            case TypeSpecification spec:
                foreach (var e in Expand(spec.ElementType))
                {
                    yield return e;
                }
                break;
            case GenericParameter:
                break;
            default:
                yield return type;
                break;
        }
    }
}
