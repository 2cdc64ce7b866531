import type { TableClient, TransactionAction } from "@azure/data-tables";
import { dataPartsOf } from "../../shared/stores/packedEntities.js";

/** Table calls a store made, and the entities and data bytes it read and wrote with them. */
export interface TableWork {
  /** Queries and writes, a transaction counted once. */
  calls: number;
  entitiesRead: number;
  dataBytesRead: number;
  entitiesWritten: number;
  dataBytesWritten: number;
}

export function noWork(): TableWork {
  return { calls: 0, entitiesRead: 0, dataBytesRead: 0, entitiesWritten: 0, dataBytesWritten: 0 };
}

function dataBytesOf(entity: object): number {
  return dataPartsOf(entity as Record<string, unknown>).reduce(
    (total, part) => total + part.length,
    0,
  );
}

/**
 * The real table, with every call and every entity listed or written counted in `work.current`;
 * point reads and deletes pass through uncounted.
 */
export function countingTable(table: TableClient, work: { current: TableWork }): TableClient {
  const wrote = (entity: object) => {
    work.current.entitiesWritten += 1;
    work.current.dataBytesWritten += dataBytesOf(entity);
  };
  return new Proxy(table, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property === "listEntities") {
        return (...args: Parameters<TableClient["listEntities"]>) => {
          work.current.calls += 1;
          return (async function* () {
            for await (const entity of target.listEntities(...args)) {
              work.current.entitiesRead += 1;
              work.current.dataBytesRead += dataBytesOf(entity);
              yield entity;
            }
          })();
        };
      }
      if (property === "submitTransaction") {
        return (actions: TransactionAction[]) => {
          work.current.calls += 1;
          for (const action of actions) wrote(action[1]);
          return target.submitTransaction(actions);
        };
      }
      if (["createEntity", "upsertEntity", "updateEntity"].includes(String(property))) {
        return (entity: object, ...rest: unknown[]) => {
          work.current.calls += 1;
          wrote(entity);
          return (value as (...args: unknown[]) => unknown).call(target, entity, ...rest);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
