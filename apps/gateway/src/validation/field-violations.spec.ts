import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { fieldViolationsOf } from './field-violations';

class Item {
  @IsString()
  productId!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

class Order {
  @ValidateNested({ each: true })
  @Type(() => Item)
  items!: Item[];

  @IsString()
  note!: string;
}

describe('fieldViolationsOf', () => {
  it('names nested fields by dot path, one violation per field with all its messages', () => {
    const order = plainToInstance(Order, { items: [{ productId: 'p', quantity: 1 }, { productId: 7, quantity: 0 }], note: 1 });
    expect(fieldViolationsOf(validateSync(order))).toEqual([
      { field: 'items.1.productId', description: 'productId must be a string' },
      { field: 'items.1.quantity', description: 'quantity must not be less than 1' },
      { field: 'note', description: 'note must be a string' },
    ]);
  });

  it('names a failure of the value itself "body"', () => {
    expect(fieldViolationsOf([{ property: '', constraints: { unknownValue: 'an unknown value was passed' }, children: [] }])).toEqual([
      { field: 'body', description: 'an unknown value was passed' },
    ]);
  });
});
