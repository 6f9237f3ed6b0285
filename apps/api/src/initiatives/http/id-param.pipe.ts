import { Param, type PipeTransform } from '@nestjs/common';
import { ApiError, CLIENT_ID } from '@followup/runtime';

class IdPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}
  transform(value: string): string {
    if (!CLIENT_ID.test(value)) {
      throw new ApiError(400, `${this.name} is not a valid id`, {
        code: 'ValidationFailed',
        details: [{ field: this.name, message: 'must be 1-64 letters, digits, dashes or underscores' }],
      });
    }
    return value;
  }
}

/** A path id, checked for shape before it reaches a store. */
export const IdParam = (name: string) => Param(name, new IdPipe(name));
