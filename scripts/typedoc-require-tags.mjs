// A TypeDoc plugin: `validation.notDocumented` only asks for a summary. This asks every
// function, method and constructor of the published packages for a `@param` per parameter,
// and every one that returns something for `@returns`. A gap is a warning, and typedoc.json
// treats warnings as errors, so `pnpm docs:api` (part of `pnpm test`) fails on it.
import { Application, IntrinsicType, ReferenceType, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Type | undefined} type */
function returnsNothing(type) {
  if (type instanceof IntrinsicType) return type.name === 'void' || type.name === 'undefined';
  if (type instanceof ReferenceType && ['Promise', 'PromiseLike'].includes(type.name)) {
    return returnsNothing(type.typeArguments?.[0]);
  }
  return false;
}

/** @param {import('typedoc').Reflection} reflection */
function insideTypeOrParameter(reflection) {
  for (let r = reflection.parent; r; r = r.parent) {
    if (
      r.kindOf(ReflectionKind.Parameter | ReflectionKind.TypeAlias | ReflectionKind.TypeLiteral)
    ) {
      return true;
    }
  }
  return false;
}

/** @param {Application} app */
export function load(app) {
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    const signatures = project.getReflectionsByKind(
      ReflectionKind.CallSignature | ReflectionKind.ConstructorSignature,
    );
    for (const signature of signatures) {
      const owner = signature.parent;
      if (signature.inheritedFrom || owner?.inheritedFrom || insideTypeOrParameter(signature)) {
        continue;
      }
      const packageName = project.getSymbolIdFromReflection(signature)?.packageName;
      if (!packageName?.startsWith('@sigx/')) continue;
      const name = signature.getFriendlyFullName();
      for (const parameter of signature.parameters ?? []) {
        if (!parameter.hasComment()) {
          app.logger.warn(`${name}: parameter \`${parameter.name}\` has no @param`);
        }
      }
      const isConstructor = signature.kindOf(ReflectionKind.ConstructorSignature);
      const comment = signature.comment ?? owner?.comment;
      if (!isConstructor && !returnsNothing(signature.type) && !comment?.getTag('@returns')) {
        app.logger.warn(`${name}: returns a value but has no @returns`);
      }
    }
  });
}
